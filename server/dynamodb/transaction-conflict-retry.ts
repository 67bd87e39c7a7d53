/**
 * A plain (single-item) write that meets an item an in-flight transaction holds fails with
 * TransactionConflictException. Nothing is wrong with the request, and nothing was written,
 * so it is safe and right to try again; but the SDK does not count it as retryable (it is
 * neither a throttling, a transient nor a 5xx error in its classification). Marked here as
 * retryable, it gets the client's own retry policy (client-settings.ts: 3 attempts with
 * jittered backoff); if it persists the API answers 503 with Retry-After (unavailable.ts).
 *
 * The mark is set right inside the SDK's retry middleware, so it sees every attempt's error
 * and the retry policy sees the mark. Cancelled *transactions* are another error
 * (TransactionCanceledException with reasons) and are retried in write-atomically.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A middleware of the client's stack, typed as `add`'s last overload (the deserialize step):
 * `next(args)` in, the same promise out, which is all this one needs of its step's handler.
 */
type Middleware = Parameters<DynamoDBClient['middlewareStack']['add']>[0];

export const TRANSACTION_CONFLICT = 'TransactionConflictException';
const MIDDLEWARE_NAME = 'retryTransactionConflicts';

export function retryTransactionConflicts(client: DynamoDBClient): DynamoDBClient {
  const stack = client.middlewareStack;
  // Idempotent: wrapping the same client twice must not add the middleware twice.
  if (stack.identify().some((entry) => entry.startsWith(`${MIDDLEWARE_NAME} `))) return client;
  const markRetryable: Middleware = (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (error instanceof Error && error.name === TRANSACTION_CONFLICT) {
        Object.assign(error, { $retryable: { throttling: false } });
      }
      throw error;
    }
  };
  stack.addRelativeTo(markRetryable, { name: MIDDLEWARE_NAME, relation: 'after', toMiddleware: 'retryMiddleware' });
  return client;
}
