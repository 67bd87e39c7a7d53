import type { TodoRepository } from '../todos/todo-repository';

/**
 * What every procedure gets. The repository is injected (not imported) so the same
 * router runs in Lambda, behind the local bridge and in caller tests.
 */
export interface Context {
  /** Whose items this request may see and change. */
  ownerId: string;
  /** Correlates the response, logs and errors of one request (the Lambda request id). */
  requestId: string;
  todos: TodoRepository;
}
