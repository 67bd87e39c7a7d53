import type { NewTodo, Todo, TodoChangesPage, TodoPage, TodoUpdate } from '../../shared/todo';

/**
 * Persistence port for todos. Every method is scoped to one owner: an owner can
 * never read or write another owner's items. Multi-item writes are atomic.
 */
export interface TodoRepository {
  /** One page in creation (id) order. */
  listPage(ownerId: string, options?: { cursor?: string; limit?: number }): Promise<TodoPage>;
  /** What changed after `cursor` (from `listPage` or an earlier answer), oldest first; deletes as tombstones. */
  changes(ownerId: string, options: { cursor: string; limit?: number }): Promise<TodoChangesPage>;
  /**
   * Creates all or none. Retrying with the same ids and content returns the stored
   * items (idempotent); an id already used for other content is a conflict.
   */
  create(ownerId: string, items: readonly NewTodo[]): Promise<Todo[]>;
  /** Applies partial changes to all or none; missing ids → not found, stale `expectedVersion` → conflict. */
  update(ownerId: string, updates: readonly TodoUpdate[]): Promise<Todo[]>;
  /** Deletes all given ids atomically; ids that do not exist are ignored, so retries are safe. */
  delete(ownerId: string, ids: readonly string[]): Promise<string[]>;
}
