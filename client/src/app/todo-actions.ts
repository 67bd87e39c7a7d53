/**
 * Every write the UI makes. Each user action is exactly one collection call,
 * hence one TanStack DB transaction and one API request (see todos-collection.ts).
 * The change shows at once (optimistic); if the server refuses it, TanStack DB
 * rolls it back and the collection reports the error to `writeErrors`. Each action
 * also tells screen-reader users what happened — once the server confirmed it
 * (outcome-announcements.ts, decision 067), with the remaining count.
 *
 * The actions are module functions that take the signed-in user's data (from
 * `useUserData()`, one stable object per user): components call them without
 * receiving callbacks as props, so memoized rows never re-render because a parent
 * created a new closure.
 */
import { eq, not, queryOnce } from '@tanstack/react-db';
import { v7 as uuidv7 } from 'uuid';
import type { Todo, TodoStatus } from '../../../shared/todo';
import { isUnauthorized } from '../data/auth-errors';
import { quoted } from '../data/todos-collection';
import type { OpenList } from '../data/user-data';
import { announceOutcome } from './outcome-announcements';
import { undoOffers } from './undo';

/** What an action needs of the user's data: the collection it writes, the index it counts with, the list it adds to. */
export type Todos = Pick<OpenList, 'collection' | 'index' | 'listId'>;

type Persisted = { isPersisted: { promise: Promise<unknown> } };

/** Runs `onFailed` (with whether the session had expired) if the transaction is rolled back. */
function whenFailed(transaction: Persisted, onFailed?: (signInRequired: boolean) => void) {
  transaction.isPersisted.promise.catch((error: unknown) => onFailed?.(isUnauthorized(error)));
}

/** "3 items left." — read when the announcement is made, so it is the count after the change. */
function itemsLeft({ index }: Todos): string {
  const { active } = index.counts();
  return `${active} ${active === 1 ? 'item' : 'items'} left.`;
}

/**
 * Runs `write` once the todo is in the collection (a long list is shown before the
 * collection has taken every row in, decision 081); not if it was deleted meanwhile.
 */
function withTodo({ collection }: Todos, id: string, write: () => void): void {
  collection.withRows([id], () => {
    if (collection.has(id)) write();
  });
}

/**
 * `name` must already be trimmed and non-empty. `onFailed` runs if the add was
 * rolled back, e.g. to put the text back into the input. Returns the new todo's
 * id and status (the list scrolls that row into view).
 */
export function addTodo(todos: Todos, name: string, onFailed?: (signInRequired: boolean) => void): Pick<Todo, 'id' | 'status'> {
  const now = new Date().toISOString();
  // The id is generated here, so the optimistic row and the stored row share a key:
  // no swap of a temporary id, no flicker, and follow-up writes target the real row.
  const todo: Todo = { id: uuidv7(), listId: todos.listId, name, status: 'pending', createdAt: now, updatedAt: now, version: 0 };
  const transaction = todos.collection.insert(todo);
  announceOutcome(transaction, () => `Added ${quoted(name)}. ${itemsLeft(todos)}`);
  whenFailed(transaction, onFailed);
  return { id: todo.id, status: todo.status };
}

export function toggleTodo(todos: Todos, todo: Pick<Todo, 'id' | 'status' | 'name'>): void {
  const status: TodoStatus = todo.status === 'completed' ? 'pending' : 'completed';
  withTodo(todos, todo.id, () => {
    const transaction = todos.collection.update(todo.id, (draft) => {
      draft.status = status;
    });
    announceOutcome(transaction, () => `${quoted(todo.name)} ${status === 'completed' ? 'completed' : 'marked as active'}. ${itemsLeft(todos)}`);
  });
}

export function renameTodo(todos: Todos, id: string, name: string, onFailed?: (signInRequired: boolean) => void): void {
  withTodo(todos, id, () => {
    const transaction = todos.collection.update(id, (draft) => {
      draft.name = name;
    });
    announceOutcome(transaction, () => `Renamed to ${quoted(name)}.`);
    whenFailed(transaction, onFailed);
  });
}

export function deleteTodo(todos: Todos, todo: Pick<Todo, 'id' | 'name'>): void {
  withTodo(todos, todo.id, () => {
    const transaction = todos.collection.delete(todo.id);
    announceOutcome(transaction, () => `Deleted ${quoted(todo.name)}. ${itemsLeft(todos)}`);
  });
}

/** The todos whose status is (or, with `negate`, is not) `status`, read once (every row shown, once all are in the collection). */
async function todosWhereStatus({ collection }: Todos, status: TodoStatus, negate = false): Promise<Todo[]> {
  await collection.sync.whenFilled();
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
export async function setAllStatus(todos: Todos, status: TodoStatus): Promise<void> {
  const ids = (await todosWhereStatus(todos, status, true)).map((todo) => todo.id);
  if (ids.length === 0) return;
  const transaction = todos.collection.update(ids, (drafts) => {
    for (const draft of drafts) draft.status = status;
  });
  announceOutcome(transaction, () => `${status === 'completed' ? 'All todos completed.' : 'All todos marked as active.'} ${itemsLeft(todos)}`);
}

const todoCount = (n: number) => `${n} ${n === 1 ? 'todo' : 'todos'}`;

/**
 * One delete of every completed todo: one transaction, one request. It cannot be
 * undone on the server, so an Undo is offered (and focused: the Clear completed
 * button is gone) that puts the same todos back (same ids, so the same order), once
 * the delete has been stored. If the delete is refused, the todos come back by
 * themselves and the offer is withdrawn.
 */
export async function clearCompleted(todos: Todos): Promise<void> {
  const { collection } = todos;
  const cleared = await todosWhereStatus(todos, 'completed');
  if (cleared.length === 0) return;
  const transaction = collection.delete(cleared.map((todo) => todo.id));
  announceOutcome(transaction, () => `Cleared ${todoCount(cleared.length)}.`);
  const offer = undoOffers.offer(`Cleared ${todoCount(cleared.length)}.`, () => {
    void transaction.when('settled').then(
      () => {
        const back = cleared.filter((todo) => !collection.has(todo.id));
        if (back.length === 0) return;
        announceOutcome(collection.insert(back), () => `Restored ${todoCount(back.length)}. ${itemsLeft(todos)}`);
      },
      () => undefined, // the delete failed and was rolled back: the todos are still there
    );
  });
  // Refused: the todos are back already; an Undo would have nothing to undo.
  transaction.when('settled').catch(() => undoOffers.withdraw(offer));
}
