import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { TODO_NAME_MAX_LENGTH } from '../../../shared/limits';
import type { Todo } from '../../../shared/todo';
import { deleteTodo, renameTodo, toggleTodo } from './todo-actions';

interface TodoItemProps {
  todo: Todo;
}

/**
 * One row. Memoized on the row object: the live query hands back the same object
 * for rows that did not change, and the actions are module functions, so a change
 * to one todo re-renders only its own row, even in a list of 10,000.
 * Editing state is local: only this row knows it is being edited.
 */
export const TodoItem = memo(function TodoItem({ todo }: TodoItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const editInput = useRef<HTMLInputElement>(null);
  // Set once an edit is saved or cancelled, so the blur that follows Enter or
  // Escape (the input disappears) cannot save a second time or undo a cancel.
  const finished = useRef(false);

  useEffect(() => {
    if (editing) editInput.current?.focus();
  }, [editing]);

  const completed = todo.status === 'completed';

  function startEditing() {
    finished.current = false;
    setDraft(todo.name);
    setEditing(true);
  }

  function finish(save: boolean) {
    if (finished.current) return;
    finished.current = true;
    setEditing(false);
    if (!save) return;
    const name = draft.trim();
    if (name === '') deleteTodo(todo.id);
    else if (name !== todo.name) renameTodo(todo.id, name);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) finish(true);
    else if (event.key === 'Escape') finish(false);
  }

  const className = [completed && 'completed', editing && 'editing'].filter(Boolean).join(' ');
  return (
    <li className={className || undefined} data-testid="todo-item">
      <div className="view">
        <input className="toggle" type="checkbox" checked={completed} onChange={() => toggleTodo(todo)} />
        <label onDoubleClick={startEditing}>{todo.name}</label>
        <button className="destroy" type="button" aria-label={`Delete ${todo.name}`} onClick={() => deleteTodo(todo.id)} />
      </div>
      {editing && (
        <input
          ref={editInput}
          className="edit"
          aria-label="Edit todo"
          maxLength={TODO_NAME_MAX_LENGTH}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => finish(true)}
        />
      )}
    </li>
  );
});
