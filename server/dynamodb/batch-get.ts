/**
 * BatchGetItem that never drops keys: DynamoDB may answer with `UnprocessedKeys`
 * (throttling, 16 MB response cap); those are retried with exponential backoff and
 * jitter, and if any remain after the last attempt the call fails loudly.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff';
import { UnprocessedItemsError } from './unprocessed-items-error';

type Key = Record<string, unknown>;

/** DynamoDB's BatchGetItem key limit per request. */
const MAX_KEYS_PER_BATCH_GET = 100;

export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  // Stryker disable next-line EqualityOperator: equivalent — one more round would have no keys and make no call.
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_BATCH_GET) {
    let pending: Key[] = keys.slice(start, start + MAX_KEYS_PER_BATCH_GET);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= backoff.maxAttempts) throw new UnprocessedItemsError('BatchGetItem', pending.length);
      if (attempt > 0) await (backoff.sleep ?? sleep)(backoffDelayMs(attempt, backoff));
      const result = await client.send(
        // Stryker disable next-line BooleanLiteral: DynamoDB Local reads are always consistent, so no test can tell; in AWS it must read its own writes.
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent — DynamoDB always answers with Responses for the table asked.
      found.push(...(result.Responses?.[tableName] ?? []));
      // Stryker disable next-line OptionalChaining: equivalent here — DynamoDB (and Local) always answer with UnprocessedKeys, empty or not.
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}
