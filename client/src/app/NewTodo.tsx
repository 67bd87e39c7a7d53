import { useState, type KeyboardEvent } from 'react';
import { TODO_NAME_MAX_LENGTH } from '../../../shared/limits';
import { addTodo } from './todo-actions';

/** The "What needs to be done?" input: Enter adds the trimmed name, blanks are ignored. */
export function NewTodo() {
  const [name, setName] = useState('');

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Skip Enter while an IME composition is open: it confirms the composition, not the todo.
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const trimmed = name.trim();
    if (trimmed === '') return;
    addTodo(trimmed);
    setName('');
  }

  return (
    <input
      className="new-todo"
      placeholder="What needs to be done?"
      aria-label="New todo"
      // The spec asks for focus on load; this is the app's only entry point.
      autoFocus
      maxLength={TODO_NAME_MAX_LENGTH}
      value={name}
      onChange={(event) => setName(event.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}
