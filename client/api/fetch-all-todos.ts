import type { Todo } from '../../shared/todo';
import type { TodosClient } from './create-todos-client';

/** Reads every page of `todos.list` (the server caps each page); stops early when `signal` aborts. */
export async function fetchAllTodos(api: TodosClient, signal?: AbortSignal): Promise<Todo[]> {
  const todos: Todo[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.todos.list.query(cursor === undefined ? undefined : { cursor }, { signal });
    todos.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return todos;
}
