import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { TODO_NAME_MAX_LENGTH } from '../../../shared/limits';
import type { Todo } from '../../../shared/todo';
import { savingRows } from '../data/save-status';
import { useOpenList, useUserData } from '../data/user-data';
import { focusNeighbourOf } from './announcer';
import { editRequests } from './edit-requests';
import { deleteTodo, renameTodo, toggleTodo } from './todo-actions';

/** The id of the list's hidden "Press F2 to edit" hint (TodoList.tsx), each row's description. */
export const EDIT_HINT_ID = 'todo-edit-hint';

interface TodoItemProps {
  todo: Todo;
  /** The current filter hides the row once it is toggled (Active, Completed). */
  leavesWhenToggled: boolean;
  /** Position in the (virtualized) list, from 0, and the list's length. */
  index: number;
  setSize: number;
  /** Lets the virtualizer measure the row (stable: the same function for every render). */
  measureRef: (row: HTMLLIElement | null) => void;
}

/**
 * One row. Memoized on the row object: the todo index hands back the same object
 * for rows that did not change, and the actions are module functions applied to
 * the user's (stable) collection, so a change to one todo re-renders only its own
 * row, even in a list of 10,000.
 * Editing state is local: only this row knows it is being edited. The text being
 * typed is also the user's edit draft (sessionStorage): a rename refused because
 * the session expired, or an edit cut short by the sign-in redirect, reopens with
 * its text when the row mounts again after signing in.
 * Keyboard: the checkbox (named after the todo), an Edit button and a Delete button
 * are in the tab order (the buttons show on hover and on focus); F2 on any of them
 * edits, which the checkbox's accessible description says where it is used. Enter/Escape in the editor return focus to the row's Edit button; a delete
 * moves focus to the next row. While a write of this row is in flight the row is
 * `aria-busy` and shows a small "saving" mark.
 * In the virtualized list (TodoList.tsx) the row also carries its position: the
 * virtualizer reads `data-index` when it measures the row, and assistive technology
 * reads aria-posinset/-setsize. Adding or removing a todo before it changes them,
 * so only then does a row re-render for a change that is not its own.
 */
export const TodoItem = memo(function TodoItem({ todo, leavesWhenToggled, index, setSize, measureRef }: TodoItemProps) {
  const todos = useOpenList();
  const { editDraft } = useUserData();
  const [restored] = useState(() => {
    const stored = editDraft.get();
    return stored?.id === todo.id ? stored.name : undefined;
  });
  const [editing, setEditing] = useState(restored !== undefined);
  const [draft, setDraft] = useState(restored ?? '');
  // The text as typed, also before the next render: Enter in the same task as an `input` event
  // (a script or an assistive tool typing) must save what was typed, not this render's copy.
  const typed = useRef(draft);
  const saving = useSyncExternalStore(
    (listener) => savingRows.subscribe(todo.id, listener),
    () => savingRows.has(todo.id),
  );
  const labelId = useId();
  const row = useRef<HTMLLIElement>(null);
  const rowRef = useCallback(
    (node: HTMLLIElement | null) => {
      row.current = node;
      measureRef(node);
    },
    [measureRef],
  );
  const editInput = useRef<HTMLInputElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // Set once an edit is saved or cancelled, so the blur that follows Enter or
  // Escape (the input disappears) cannot save a second time or undo a cancel.
  const finished = useRef(false);
  // Enter or Escape (not a blur elsewhere) ended the edit: focus goes back to the row.
  const returnFocus = useRef(false);

  // A layout effect: focus moves in the same task as the change, before the next key or paint.
  // After Enter on a row scrolled far away, the list must see focus land on the row's Edit
  // button (and keep the row mounted), not on the page while the input is gone.
  useLayoutEffect(() => {
    if (editing) editInput.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const completed = todo.status === 'completed';

  function startEditing(name = todo.name) {
    finished.current = false;
    typed.current = name;
    setDraft(name);
    setEditing(true);
  }

  // The error banner's Retry of a refused rename: reopen with the name that was typed.
  useEffect(
    () =>
      editRequests.subscribe((id) => {
        if (id !== todo.id) return;
        const stored = editDraft.get();
        const name = stored?.id === id ? stored.name : todo.name;
        finished.current = false;
        typed.current = name;
        setDraft(name);
        setEditing(true);
      }),
    [todo.id, todo.name, editDraft],
  );

  function changeDraft(name: string) {
    typed.current = name;
    setDraft(name);
    editDraft.set({ id: todo.id, name });
  }

  function remove() {
    focusNeighbourOf(row.current);
    deleteTodo(todos, todo);
  }

  function finish(save: boolean, byKey: boolean) {
    if (finished.current) return;
    finished.current = true;
    if (editDraft.get()?.id === todo.id) editDraft.set(undefined);
    const name = typed.current.trim();
    if (save && name === '') {
      if (byKey) remove();
      else deleteTodo(todos, todo);
      setEditing(false);
      return;
    }
    returnFocus.current = byKey;
    setEditing(false);
    if (save && name !== todo.name) renameTodo(todos, todo.id, name, () => editDraft.set({ id: todo.id, name }));
  }

  function onEditKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // preventDefault: focus moves to the Edit button within this keydown, and the
    // key's default action (a click on Enter) must not reach it and reopen the editor.
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      finish(true, true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      finish(false, true);
    }
  }

  function onViewKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'F2' && !todos.readOnly) {
      event.preventDefault();
      startEditing();
    }
  }

  function toggle() {
    if (leavesWhenToggled) focusNeighbourOf(row.current);
    toggleTodo(todos, todo);
  }

  const className = [completed && 'completed', editing && 'editing'].filter(Boolean).join(' ');
  return (
    <li
      ref={rowRef}
      className={className || undefined}
      data-testid="todo-item"
      data-index={index}
      // todomvc-app-css drops the last row's border with :last-child, which in a
      // virtualized list is merely the last row rendered (app.css).
      data-last-row={index === setSize - 1 || undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-busy={saving || undefined}
    >
      <div className="view" onKeyDown={onViewKeyDown}>
        <input
          className="toggle"
          type="checkbox"
          aria-labelledby={labelId}
          aria-describedby={todos.readOnly ? undefined : EDIT_HINT_ID}
          checked={completed}
          // A viewer's list: shown, not changed (the server would refuse it).
          disabled={todos.readOnly}
          onChange={toggle}
        />
        <label id={labelId} onDoubleClick={todos.readOnly ? undefined : () => startEditing()}>
          {todo.name}
        </label>
        {saving && <span className="saving-mark">Saving…</span>}
        {!todos.readOnly && (
          <>
            <button ref={editButton} className="edit-todo" type="button" aria-label={`Edit ${todo.name}`} onClick={() => startEditing()} />
            <button className="destroy" type="button" aria-label={`Delete ${todo.name}`} onClick={remove} />
          </>
        )}
      </div>
      {editing && (
        <input
          ref={editInput}
          className="edit"
          aria-label={`Edit ${todo.name}`}
          maxLength={TODO_NAME_MAX_LENGTH}
          value={draft}
          onChange={(event) => changeDraft(event.target.value)}
          onKeyDown={onEditKeyDown}
          onBlur={() => finish(true, false)}
        />
      )}
    </li>
  );
});
