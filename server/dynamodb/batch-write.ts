/**
 * BatchWriteItem that never drops an item: unprocessed requests are retried with backoff, and
 * if any remain the call fails loudly. Plain puts and deletes cost 1 write unit each where a
 * transaction costs 2, so they are for writes nobody races: the purge of a deleted list's
 * partition (server/lists/list-purge.ts; the items are already out of every reader's reach
 * then) and the bulk set-up of test data (server/testing/seed-todos.ts).
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff';
import { UnprocessedItemsError } from './unprocessed-items-error';

type Key = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/** DynamoDB's BatchWriteItem limit per request. */
export const MAX_KEYS_PER_BATCH_WRITE = 25;

/** Writes every request, 25 per BatchWriteItem call, all calls at once. */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += MAX_KEYS_PER_BATCH_WRITE) chunks.push(requests.slice(start, start + MAX_KEYS_PER_BATCH_WRITE));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= backoff.maxAttempts) throw new UnprocessedItemsError('BatchWriteItem', pending.length);
        if (attempt > 0) await (backoff.sleep ?? sleep)(backoffDelayMs(attempt, backoff));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
          if (request.PutRequest?.Item) return [{ PutRequest: { Item: request.PutRequest.Item } }];
          if (request.DeleteRequest?.Key) return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
          return [];
        });
      }
    }),
  );
}

/** Deletes every key (see batchWriteAll). */
export function batchDeleteAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[], backoff?: BackoffOptions): Promise<void> {
  return batchWriteAll(client, tableName, keys.map((Key) => ({ DeleteRequest: { Key } })), backoff);
}
