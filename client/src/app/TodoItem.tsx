import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { TODO_NAME_MAX_LENGTH } from '../../../shared/limits';
import type { Todo } from '../../../shared/todo';
import { useUserData } from '../data/user-data';
import { deleteTodo, renameTodo, toggleTodo } from './todo-actions';

interface TodoItemProps {
  todo: Todo;
}

/**
 * One row. Memoized on the row object: the live query hands back the same object
 * for rows that did not change, and the actions are module functions applied to
 * the user's (stable) collection, so a change to one todo re-renders only its own
 * row, even in a list of 10,000.
 * Editing state is local: only this row knows it is being edited. The text being
 * typed is also the user's edit draft (sessionStorage): a rename refused because
 * the session expired, or an edit cut short by the sign-in redirect, reopens with
 * its text when the row mounts again after signing in.
 */
export const TodoItem = memo(function TodoItem({ todo }: TodoItemProps) {
  const { collection, editDraft } = useUserData();
  const [restored] = useState(() => {
    const stored = editDraft.get();
    return stored?.id === todo.id ? stored.name : undefined;
  });
  const [editing, setEditing] = useState(restored !== undefined);
  const [draft, setDraft] = useState(restored ?? '');
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

  function changeDraft(name: string) {
    setDraft(name);
    editDraft.set({ id: todo.id, name });
  }

  function finish(save: boolean) {
    if (finished.current) return;
    finished.current = true;
    setEditing(false);
    if (editDraft.get()?.id === todo.id) editDraft.set(undefined);
    if (!save) return;
    const name = draft.trim();
    if (name === '') deleteTodo(collection, todo.id);
    else if (name !== todo.name) renameTodo(collection, todo.id, name, () => editDraft.set({ id: todo.id, name }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) finish(true);
    else if (event.key === 'Escape') finish(false);
  }

  const className = [completed && 'completed', editing && 'editing'].filter(Boolean).join(' ');
  return (
    <li className={className || undefined} data-testid="todo-item">
      <div className="view">
        <input className="toggle" type="checkbox" checked={completed} onChange={() => toggleTodo(collection, todo)} />
        <label onDoubleClick={startEditing}>{todo.name}</label>
        <button className="destroy" type="button" aria-label={`Delete ${todo.name}`} onClick={() => deleteTodo(collection, todo.id)} />
      </div>
      {editing && (
        <input
          ref={editInput}
          className="edit"
          aria-label="Edit todo"
          maxLength={TODO_NAME_MAX_LENGTH}
          value={draft}
          onChange={(event) => changeDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => finish(true)}
        />
      )}
    </li>
  );
});
