/**
 * Deleting a list beyond one transaction (decision 092). A list may hold up to the todo limit
 * (100,000 todos), far more than one transaction (100 actions) or one request can delete, so a
 * delete goes in checked steps:
 *
 * 1. **One transaction makes the list unreachable**: its head is marked deleted, and every
 *    member's membership becomes a tombstone (their feeds carry the removal). It is conditional
 *    on the member count it read, so a join that slips in between makes it fail and start again:
 *    no member is ever left with a way in. From here on every request for the list is a 404,
 *    and an invite to it is not valid: nothing of it is visible to anyone, so nothing left in its
 *    partition can show up as an orphan.
 * 2. **Purge steps** delete what is left in the list's partition (todos, members, counter, head)
 *    in pages of at most PURGE_PAGE keys, with plain deletes (1 write unit each), at most
 *    `maxItems` per request. The owner's tombstone carries `purge: true` (and no expiry) until
 *    the partition is empty; the delete request purges as far as its bound allows, and every
 *    later `lists.list` or `lists.delete` of the owner continues one bounded step.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TOMBSTONE_RETENTION_DAYS } from '../../shared/limits';
import { batchDeleteAll } from '../dynamodb/batch-write';
import { EXPIRES_AT, PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { listPartition, membershipKey } from './list-keys';
import type { ListTable } from './list-table';

/** Keys one purge page reads (one Query) and deletes (four BatchWriteItem calls, in parallel). */
export const PURGE_PAGE = 100;
/** Default most items one request purges. */
export const PURGE_ITEMS_PER_REQUEST = 1_000;

export const tombstoneExpiry = (now: Date): number => Math.ceil(now.getTime() / 1000) + TOMBSTONE_RETENTION_DAYS * 86_400;

/**
 * Deletes up to `maxItems` items of a deleted list's partition; `done` when it is empty (then the
 * owner's tombstone loses its purge mark and gets its expiry).
 */
export async function purgeList(table: ListTable, listId: string, ownerId: string, maxItems: number): Promise<{ done: boolean; deleted: number }> {
  let deleted = 0;
  for (;;) {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': listPartition(listId) },
        Limit: Math.min(PURGE_PAGE, maxItems - deleted),
        ConsistentRead: true,
      }),
    );
    // Stryker disable next-line ArrayDeclaration: equivalent — Query always returns Items.
    const keys = page.Items ?? [];
    if (keys.length === 0) {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: membershipKey(ownerId, listId),
          UpdateExpression: 'REMOVE #purge SET #expires = :expires',
          ExpressionAttributeNames: { '#purge': 'purge', '#expires': EXPIRES_AT },
          ExpressionAttributeValues: { ':expires': tombstoneExpiry(table.now()) },
        }),
      );
      return { done: true, deleted };
    }
    await batchDeleteAll(table.client, table.tableName, keys, table.backoff);
    deleted += keys.length;
    if (deleted >= maxItems) return { done: false, deleted };
  }
}
