/**
 * Reading the change feed's index for any entity (decision 094). The index (`byChange`: `pk`,
 * `changeKey`) says *what* changed in a partition and in which order. The caller says which
 * attributes it needs (its schema's fields):
 *
 * - all of them in the index's frozen projection (todos as they are today): the index entries
 *   are the answer, one Query per 1 MB, as cheap as a feed gets;
 * - any of them not (a field added to an entity, memberships): the entries give the keys, and
 *   the items are read from the table by key (BatchGetItem, strongly consistent). Dearer per
 *   item (a read unit each instead of half a unit per 4 KB), but every field travels.
 *
 * So a new field can never be silently left behind by the index's projection, and no list of
 * fields has to be kept in step with the schema. (To make a feed cheap again after adding a
 * field: a second index projecting ALL, see decision 094.)
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from './backoff';
import { batchGetAll } from './batch-get';
import { CHANGE_INDEX, CHANGE_INDEX_FROZEN_ATTRIBUTES, CHANGE_KEY, PARTITION_KEY, SORT_KEY } from './todos-table-keys';
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
  /** The attributes the caller reads from each item (besides the keys). */
  fields: readonly string[];
  backoff?: BackoffOptions;
}

const PROJECTED = new Set(CHANGE_INDEX_FROZEN_ATTRIBUTES);

/** True when the index entries carry every one of `fields`. */
export const projectionCovers = (fields: readonly string[]): boolean => fields.every((field) => PROJECTED.has(field));

/** The changes after `after` (one Query per 1 MB), then, unless the index carries every field, the items (BatchGetItem). */
export async function readChangedItems(options: ChangeIndexReadOptions): Promise<ChangedItems> {
  const fromIndex = projectionCovers(options.fields);
  const entries: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  let queries = 0;
  do {
    const result = await options.client.send(
      new QueryCommand({
        TableName: options.tableName,
        IndexName: CHANGE_INDEX,
        KeyConditionExpression: '#pk = :pk AND #change > :after',
        // Keys only when the items are read from the table below.
        ...(!fromIndex && { ProjectionExpression: '#pk, #sk, #change' }),
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#change': CHANGE_KEY, ...(!fromIndex && { '#sk': SORT_KEY }) },
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
  if (fromIndex || entries.length === 0) return { items: entries, lastKey, hasMore: startKey !== undefined };
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
