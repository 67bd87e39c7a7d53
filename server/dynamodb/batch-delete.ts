/**
 * BatchWriteItem deletes that never drop keys: unprocessed ones are retried with backoff, and
 * if any remain the call fails loudly. Only the purge of a deleted list's partition uses it
 * (server/lists/list-purge.ts): the items are already out of every reader's reach then, and a
 * plain delete costs 1 write unit where a transaction would cost 2.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff';
import { UnprocessedItemsError } from './unprocessed-items-error';

type Key = Record<string, unknown>;

/** DynamoDB's BatchWriteItem limit per request. */
export const MAX_KEYS_PER_BATCH_WRITE = 25;

export async function batchDeleteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<void> {
  const chunks: Key[][] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_BATCH_WRITE) chunks.push(keys.slice(start, start + MAX_KEYS_PER_BATCH_WRITE));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= backoff.maxAttempts) throw new UnprocessedItemsError('BatchWriteItem', pending.length);
        if (attempt > 0) await (backoff.sleep ?? sleep)(backoffDelayMs(attempt, backoff));
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
          request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
        );
      }
    }),
  );
}
