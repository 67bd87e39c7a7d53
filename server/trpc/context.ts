import type { Caller } from '../auth/caller';
import type { DataStore } from '../data-store';
import type { RequestBudget } from './request-budget';

/**
 * What every procedure gets. The data store and the authentication step are injected (not
 * imported) so the same router runs in Lambda, behind the local bridge and in caller tests.
 */
export interface Context extends DataStore {
  /** Correlates the response, logs and errors of one request (the Lambda request id). */
  requestId: string;
  /**
   * Establishes who is calling from the request's access token. Run only by
   * `protectedProcedure`, so requests for unknown procedures cost no verification.
   * Throws `UNAUTHORIZED` (no or bad token) or `SERVICE_UNAVAILABLE` (keys unreachable).
   */
  authenticate: () => Promise<Caller>;
  /** Shared by all calls of one HTTP request (a batch): bounds their total work. */
  budget: RequestBudget;
  /**
   * The web origin the request came from (its `Origin` header), for links the API hands out
   * (invites); empty when the caller sent none (then links are relative to the web app).
   */
  origin: string;
}
