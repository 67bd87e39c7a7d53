import { useSyncExternalStore, type KeyboardEvent } from 'react';
import { TODO_NAME_MAX_LENGTH } from '../../../shared/limits';
import { quoted } from '../data/todos-collection';
import { useOpenList, useUserData } from '../data/user-data';
import { writeErrors } from '../data/write-errors';
import { addedTodos } from './added-todos';
import { addTodo } from './todo-actions';

/**
 * The "What needs to be done?" input: Enter adds the trimmed name, blanks are ignored.
 * Its text is the user's new-todo draft (kept in sessionStorage), so it survives a
 * sign-in redirect; if an add fails (session expired, server or network down), the
 * name goes back into the input (when it is still empty) instead of being lost.
 * Before the list has loaded (e.g. the first load failed) nothing can be added:
 * the text stays, and the error banner says why. A new todo is announced to the
 * list (added-todos.ts), which scrolls its row into view when that keeps the input
 * in view too (decision 066: focus is never left off screen).
 */
export function NewTodo() {
  const todos = useOpenList();
  const { collection } = todos;
  const { newTodoDraft } = useUserData();
  const name = useSyncExternalStore(newTodoDraft.subscribe, () => newTodoDraft.get() ?? '');

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Skip Enter while an IME composition is open: it confirms the composition, not the todo.
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    // The draft itself, not this render's copy: an `input` event in the same task (a script or
    // an assistive tool typing, then Enter) has updated it before the component re-rendered.
    const trimmed = (newTodoDraft.get() ?? '').trim();
    if (trimmed === '') return;
    if (collection.status === 'error') {
      writeErrors.report(`add ${quoted(trimmed)}`, new Error('your todos have not loaded yet (press Retry above)'), {
        undone: 'Your text is still in the input.',
      });
      return;
    }
    try {
      const added = addTodo(todos, trimmed, () => {
        if (!newTodoDraft.get()) newTodoDraft.set(trimmed);
      });
      // The row lands at the end of a list that may be far longer than the window.
      addedTodos.announce(added);
    } catch (error) {
      writeErrors.report(`add ${quoted(trimmed)}`, error, { undone: 'Your text is still in the input.' });
      return;
    }
    newTodoDraft.set(undefined);
  }

  return (
    <input
      className="new-todo"
      placeholder="What needs to be done?"
      aria-label="What needs to be done?"
      // The spec asks for focus on load; this is the app's only entry point.
      autoFocus
      maxLength={TODO_NAME_MAX_LENGTH}
      value={name}
      onChange={(event) => newTodoDraft.set(event.target.value === '' ? undefined : event.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}
