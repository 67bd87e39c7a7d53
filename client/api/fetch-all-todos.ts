import { LIST_PAGE_SIZE_MAX } from '../../shared/limits';
import type { Todo } from '../../shared/todo';
import type { TodosClient } from './create-todos-client';

export interface TodoSnapshot {
  todos: Todo[];
  /**
   * Where to start reading `todos.changes` after this load: the FIRST page's cursor,
   * taken by the server before it read that page, so nothing written during a
   * multi-page load is missed (the feed may repeat some of it; versions de-duplicate).
   */
  changesCursor: string;
}

/**
 * Reads every page of `todos.list`, as large as the server allows (2,500: 10,000 todos in
 * 5 sequential requests); stops early when `signal` aborts.
 */
export async function fetchTodoSnapshot(api: TodosClient, signal?: AbortSignal): Promise<TodoSnapshot> {
  const first = await api.todos.list.query({ limit: LIST_PAGE_SIZE_MAX }, { signal });
  const todos: Todo[] = [...first.items];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = await api.todos.list.query({ cursor, limit: LIST_PAGE_SIZE_MAX }, { signal });
    todos.push(...page.items);
    cursor = page.nextCursor;
  }
  return { todos, changesCursor: first.changesCursor };
}

/** Every todo of the caller (all pages), for callers that do not follow the change feed (CLI, tests, benchmarks). */
export async function fetchAllTodos(api: TodosClient, signal?: AbortSignal): Promise<Todo[]> {
  return (await fetchTodoSnapshot(api, signal)).todos;
}
