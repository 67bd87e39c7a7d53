/**
 * Every write the UI makes. Each user action is exactly one collection call,
 * hence one TanStack DB transaction and one API request (see todos-collection.ts).
 * The change shows at once (optimistic); if the server refuses it, TanStack DB
 * rolls it back and the collection reports the error to `writeErrors`. Each action
 * also tells screen-reader users what happened (polite live region).
 *
 * The actions are module functions that take the signed-in user's collection
 * (from `useTodosCollection()`, one stable object per user): components call them
 * without receiving callbacks as props, so memoized rows never re-render because a
 * parent created a new closure.
 */
import { eq, not, queryOnce } from '@tanstack/react-db';
import { v7 as uuidv7 } from 'uuid';
import type { Todo, TodoStatus } from '../../../shared/todo';
import { isUnauthorized } from '../data/auth-errors';
import { quoted, type TodosCollection } from '../data/todos-collection';
import { announcer } from './announcer';
import { undoOffers } from './undo';

type Persisted = { isPersisted: { promise: Promise<unknown> } };

/** Runs `onFailed` (with whether the session had expired) if the transaction is rolled back. */
function whenFailed(transaction: Persisted, onFailed?: (signInRequired: boolean) => void) {
  transaction.isPersisted.promise.catch((error: unknown) => onFailed?.(isUnauthorized(error)));
}

/**
 * `name` must already be trimmed and non-empty. `onFailed` runs if the add was
 * rolled back, e.g. to put the text back into the input. Returns the new todo's
 * id and status (the list scrolls that row into view).
 */
export function addTodo(
  collection: TodosCollection,
  name: string,
  onFailed?: (signInRequired: boolean) => void,
): Pick<Todo, 'id' | 'status'> {
  const now = new Date().toISOString();
  // The id is generated here, so the optimistic row and the stored row share a key:
  // no swap of a temporary id, no flicker, and follow-up writes target the real row.
  const todo: Todo = { id: uuidv7(), name, status: 'pending', createdAt: now, updatedAt: now, version: 0 };
  const transaction = collection.insert(todo);
  announcer.say(`Added ${quoted(name)}.`);
  whenFailed(transaction, onFailed);
  return { id: todo.id, status: todo.status };
}

export function toggleTodo(collection: TodosCollection, todo: Pick<Todo, 'id' | 'status' | 'name'>): void {
  const status: TodoStatus = todo.status === 'completed' ? 'pending' : 'completed';
  collection.update(todo.id, (draft) => {
    draft.status = status;
  });
  announcer.say(`${quoted(todo.name)} ${status === 'completed' ? 'completed' : 'marked as active'}.`);
}

export function renameTodo(collection: TodosCollection, id: string, name: string, onFailed?: (signInRequired: boolean) => void): void {
  const transaction = collection.update(id, (draft) => {
    draft.name = name;
  });
  announcer.say(`Renamed to ${quoted(name)}.`);
  whenFailed(transaction, onFailed);
}

export function deleteTodo(collection: TodosCollection, todo: Pick<Todo, 'id' | 'name'>): void {
  collection.delete(todo.id);
  announcer.say(`Deleted ${quoted(todo.name)}.`);
}

/** The todos whose status is (or, with `negate`, is not) `status`, read once. */
async function todosWhereStatus(collection: TodosCollection, status: TodoStatus, negate = false): Promise<Todo[]> {
  return queryOnce((q) =>
    q
      .from({ todo: collection })
      .where(({ todo }) => (negate ? not(eq(todo.status, status)) : eq(todo.status, status)))
      .select(({ todo }) => ({ ...todo })),
  );
}

/**
 * Toggle-all: one update of every todo that is not already `status`. Unchanged
 * rows are left out, because the server refuses an update with nothing to change.
 */
export async function setAllStatus(collection: TodosCollection, status: TodoStatus): Promise<void> {
  const ids = (await todosWhereStatus(collection, status, true)).map((todo) => todo.id);
  if (ids.length === 0) return;
  collection.update(ids, (drafts) => {
    for (const draft of drafts) draft.status = status;
  });
  announcer.say(status === 'completed' ? 'All todos completed.' : 'All todos marked as active.');
}

const todoCount = (n: number) => `${n} ${n === 1 ? 'todo' : 'todos'}`;

/**
 * One delete of every completed todo: one transaction, one request. It cannot be
 * undone on the server, so for a few seconds an Undo puts the same todos back (same
 * ids, so the same order), once the delete has been stored.
 */
export async function clearCompleted(collection: TodosCollection): Promise<void> {
  const cleared = await todosWhereStatus(collection, 'completed');
  if (cleared.length === 0) return;
  const transaction = collection.delete(cleared.map((todo) => todo.id));
  announcer.say(`Cleared ${todoCount(cleared.length)}. Undo is offered below the list for a few seconds.`);
  undoOffers.offer(`Cleared ${todoCount(cleared.length)}.`, () => {
    void transaction.when('settled').then(
      () => {
        const back = cleared.filter((todo) => !collection.has(todo.id));
        if (back.length === 0) return;
        collection.insert(back);
        announcer.say(`Restored ${todoCount(back.length)}.`);
      },
      () => undefined, // the delete failed and was rolled back: the todos are still there
    );
  });
}
