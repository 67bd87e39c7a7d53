/**
 * Every write the UI makes. Each user action is exactly one collection call,
 * hence one TanStack DB transaction and one API request (see todos-collection.ts).
 * The change shows at once (optimistic); if the server refuses it, TanStack DB
 * rolls it back and the collection reports the error to `writeErrors`.
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
import type { TodosCollection } from '../data/todos-collection';

/** Runs `onSignInRequired` if the transaction fails because the session has expired. */
function whenSignInRequired(transaction: { isPersisted: { promise: Promise<unknown> } }, onSignInRequired?: () => void) {
  transaction.isPersisted.promise.catch((error: unknown) => {
    if (onSignInRequired && isUnauthorized(error)) onSignInRequired();
  });
}

/**
 * `name` must already be trimmed and non-empty. `onSignInRequired` runs if the
 * session had expired (the add was rolled back), e.g. to put the text back.
 */
export function addTodo(collection: TodosCollection, name: string, onSignInRequired?: () => void): void {
  const now = new Date().toISOString();
  // The id is generated here, so the optimistic row and the stored row share a key:
  // no swap of a temporary id, no flicker, and follow-up writes target the real row.
  const transaction = collection.insert({ id: uuidv7(), name, status: 'pending', createdAt: now, updatedAt: now, version: 0 });
  whenSignInRequired(transaction, onSignInRequired);
}

export function toggleTodo(collection: TodosCollection, todo: Pick<Todo, 'id' | 'status'>): void {
  const status: TodoStatus = todo.status === 'completed' ? 'pending' : 'completed';
  collection.update(todo.id, (draft) => {
    draft.status = status;
  });
}

export function renameTodo(collection: TodosCollection, id: string, name: string, onSignInRequired?: () => void): void {
  const transaction = collection.update(id, (draft) => {
    draft.name = name;
  });
  whenSignInRequired(transaction, onSignInRequired);
}

export function deleteTodo(collection: TodosCollection, id: string): void {
  collection.delete(id);
}

/** Ids of the todos whose status is (or, with `negate`, is not) `status`, read once. */
async function idsWhereStatus(collection: TodosCollection, status: TodoStatus, negate = false): Promise<string[]> {
  const rows = await queryOnce((q) =>
    q
      .from({ todo: collection })
      .where(({ todo }) => (negate ? not(eq(todo.status, status)) : eq(todo.status, status)))
      .select(({ todo }) => ({ id: todo.id })),
  );
  return rows.map((row) => row.id);
}

/**
 * Toggle-all: one update of every todo that is not already `status`. Unchanged
 * rows are left out, because the server refuses an update with nothing to change.
 */
export async function setAllStatus(collection: TodosCollection, status: TodoStatus): Promise<void> {
  const ids = await idsWhereStatus(collection, status, true);
  if (ids.length === 0) return;
  collection.update(ids, (drafts) => {
    for (const draft of drafts) draft.status = status;
  });
}

/** One delete of every completed todo: one transaction, one request. */
export async function clearCompleted(collection: TodosCollection): Promise<void> {
  const ids = await idsWhereStatus(collection, 'completed');
  if (ids.length > 0) collection.delete(ids);
}
