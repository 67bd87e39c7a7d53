import type { Caller } from '../auth/caller';
import type { TodoRepository } from '../todos/todo-repository';
import type { RequestBudget } from './request-budget';

/**
 * What every procedure gets. The repository and the authentication step are
 * injected (not imported) so the same router runs in Lambda, behind the local
 * bridge and in caller tests.
 */
export interface Context {
  /** Correlates the response, logs and errors of one request (the Lambda request id). */
  requestId: string;
  /**
   * Establishes who is calling from the request's access token. Run only by
   * `protectedProcedure`, so requests for unknown procedures cost no verification.
   * Throws `UNAUTHORIZED` (no or bad token) or `SERVICE_UNAVAILABLE` (keys unreachable).
   */
  authenticate: () => Promise<Caller>;
  todos: TodoRepository;
  /** Shared by all calls of one HTTP request (a batch): bounds their total work. */
  budget: RequestBudget;
}
