/**
 * How long a test waits for something the app does on a timer: the app's own setting,
 * imported so that the tests move with it, plus UI_TIMEOUT_MS for the request and the
 * render that follow. None of them measures speed (that is `npm run bench`): each is
 * the latest moment the app's settings allow, with room for a busy machine.
 */
import { backoffMs } from '../client/src/data/backoff';
import { POLL_INTERVAL_MS } from '../client/src/data/sync/change-feed-poller';
import { LIST_LOAD_RETRYING_MS } from '../client/src/data/list-load-retry';

/** Any one step the user waits for (a request and a render): Playwright's `expect` timeout. */
export const UI_TIMEOUT_MS = 15_000;

/** A change made elsewhere shows once the page has polled the change feed again. */
export const AFTER_NEXT_POLL = { timeout: POLL_INTERVAL_MS + UI_TIMEOUT_MS };

/** A first load that keeps failing shows its error once the retries are used up. */
export const AFTER_LOAD_RETRIES = { timeout: LIST_LOAD_RETRYING_MS + UI_TIMEOUT_MS };

/** A write that failed `failures` times in a row is sent again after its backoff (at its longest, jitter included). */
export function afterWriteRetry(failures: number): { timeout: number } {
  return { timeout: backoffMs(failures, { random: () => 1 }) + UI_TIMEOUT_MS };
}

/** A write the server answered with 503 and `Retry-After: <seconds>` is sent again after that. */
export function afterRetryAfter(seconds: number): { timeout: number } {
  return { timeout: seconds * 1000 + UI_TIMEOUT_MS };
}
