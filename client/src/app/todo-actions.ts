/**
 * Every write the UI makes. Each user action is exactly one collection call,
 * hence one TanStack DB transaction and one API request (see todos-collection.ts).
 * The change shows at once (optimistic); if the server refuses it, TanStack DB
 * rolls it back and the collection reports the error to `writeErrors`.
 *
 * Components import these module functions directly instead of receiving
 * callbacks as props: they are stable, so memoized rows never re-render
 * because a parent created a new closure.
 */
import { eq, not, queryOnce } from '@tanstack/react-db';
import { v7 as uuidv7 } from 'uuid';
import type { Todo, TodoStatus } from '../../../shared/todo';
import { todosCollection } from '../data/app-data';

/** `name` must already be trimmed and non-empty. */
export function addTodo(name: string): void {
  const now = new Date().toISOString();
  // The id is generated here, so the optimistic row and the stored row share a key:
  // no swap of a temporary id, no flicker, and follow-up writes target the real row.
  todosCollection.insert({ id: uuidv7(), name, status: 'pending', createdAt: now, updatedAt: now, version: 0 });
}

export function toggleTodo(todo: Pick<Todo, 'id' | 'status'>): void {
  const status: TodoStatus = todo.status === 'completed' ? 'pending' : 'completed';
  todosCollection.update(todo.id, (draft) => {
    draft.status = status;
  });
}

export function renameTodo(id: string, name: string): void {
  todosCollection.update(id, (draft) => {
    draft.name = name;
  });
}

export function deleteTodo(id: string): void {
  todosCollection.delete(id);
}

/** Ids of the todos whose status is (or, with `negate`, is not) `status`, read once. */
async function idsWhereStatus(status: TodoStatus, negate = false): Promise<string[]> {
  const rows = await queryOnce((q) =>
    q
      .from({ todo: todosCollection })
      .where(({ todo }) => (negate ? not(eq(todo.status, status)) : eq(todo.status, status)))
      .select(({ todo }) => ({ id: todo.id })),
  );
  return rows.map((row) => row.id);
}

/**
 * Toggle-all: one update of every todo that is not already `status`. Unchanged
 * rows are left out, because the server refuses an update with nothing to change.
 */
export async function setAllStatus(status: TodoStatus): Promise<void> {
  const ids = await idsWhereStatus(status, true);
  if (ids.length === 0) return;
  todosCollection.update(ids, (drafts) => {
    for (const draft of drafts) draft.status = status;
  });
}

/** One delete of every completed todo: one transaction, one request. */
export async function clearCompleted(): Promise<void> {
  const ids = await idsWhereStatus('completed');
  if (ids.length > 0) todosCollection.delete(ids);
}
