/**
 * Reading the change feed's index for any entity (decision 094). The index (`byChange`: `pk`,
 * `changeKey`) says *what* changed in a partition and in which order; the items themselves are
 * then read from the table by key. So whatever attributes an entity's schema has travel through
 * the feed, with no list of fields in the index's projection to keep in step (a projection
 * cannot change without replacing the index), and the feed always returns an item's latest
 * stored state (read strongly consistent), never an index copy that is a moment behind.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from './backoff';
import { batchGetAll } from './batch-get';
import { CHANGE_INDEX, CHANGE_KEY, PARTITION_KEY, SORT_KEY } from './todos-table-keys';
import type { StoredItem } from './write-atomically';

export interface ChangedItems {
  /** The items whose change key is after `after`, in change-key order, as stored now. */
  items: StoredItem[];
  /** The change key of the last index entry read (where a next page starts). */
  lastKey: string | undefined;
  /** True when the index has more entries after `lastKey` than this read took. */
  hasMore: boolean;
}

export interface ChangeIndexReadOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  partition: string;
  /** Exclusive lower bound: a change key or a bare ISO time. */
  after: string;
  limit: number;
  /** Most Query calls (each answers at most 1 MB of index entries). */
  maxQueries: number;
  backoff?: BackoffOptions;
}

/** The keys of the changes after `after` (one Query per 1 MB), then the items (BatchGetItem). */
export async function readChangedItems(options: ChangeIndexReadOptions): Promise<ChangedItems> {
  const entries: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  let queries = 0;
  do {
    const result = await options.client.send(
      new QueryCommand({
        TableName: options.tableName,
        IndexName: CHANGE_INDEX,
        KeyConditionExpression: '#pk = :pk AND #change > :after',
        // Keys only: the item is read from the table below, whatever the index projects.
        ProjectionExpression: '#pk, #sk, #change',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, '#change': CHANGE_KEY },
        ExpressionAttributeValues: { ':pk': options.partition, ':after': options.after },
        Limit: options.limit - entries.length,
        ExclusiveStartKey: startKey,
      }),
    );
    queries++;
    // Stryker disable next-line ArrayDeclaration: equivalent — Query always returns Items (possibly empty).
    entries.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined && entries.length < options.limit && queries < options.maxQueries);
  const lastKey = entries.at(-1)?.[CHANGE_KEY] as string | undefined;
  if (entries.length === 0) return { items: [], lastKey, hasMore: startKey !== undefined };
  const stored = await batchGetAll(
    options.client,
    options.tableName,
    entries.map((entry) => ({ [PARTITION_KEY]: entry[PARTITION_KEY], [SORT_KEY]: entry[SORT_KEY] })),
    options.backoff,
  );
  const bySortKey = new Map(stored.map((item) => [item[SORT_KEY] as string, item]));
  // An entry whose item is gone (TTL removed an old tombstone) has nothing left to tell.
  const items = entries.flatMap((entry): StoredItem[] => {
    const item = bySortKey.get(entry[SORT_KEY] as string);
    return item ? [item] : [];
  });
  return { items, lastKey, hasMore: startKey !== undefined };
}
