import type { NewTodo, Todo, TodoChangesPage, TodoPage, TodoUpdate } from '../../shared/todo';
import type { TodoListRef } from './todo-keys';

/**
 * Persistence port for todos. Every method is scoped to one list's todo partition: the caller
 * has been authorized for that list before (server/lists/list-access.ts), and no method can
 * reach another list's items. Multi-item writes are atomic.
 */
export interface TodoRepository {
  /** One page in creation (id) order. */
  listPage(list: TodoListRef, options?: { cursor?: string; limit?: number; split?: number }): Promise<TodoPage>;
  /** What changed after `cursor` (from `listPage` or an earlier answer), oldest first; deletes as tombstones. */
  changes(list: TodoListRef, options: { cursor: string; limit?: number }): Promise<TodoChangesPage>;
  /**
   * Creates all or none. Retrying with the same ids and content returns the stored
   * items (idempotent); an id already used for other content is a conflict.
   */
  create(list: TodoListRef, items: readonly NewTodo[]): Promise<Todo[]>;
  /** Applies partial changes to all or none; missing ids → not found, stale `expectedVersion` → conflict. */
  update(list: TodoListRef, updates: readonly TodoUpdate[]): Promise<Todo[]>;
  /** Deletes all given ids atomically; ids that do not exist are ignored, so retries are safe. */
  delete(list: TodoListRef, ids: readonly string[]): Promise<string[]>;
}
