/**
 * What every list module needs of the table: the client, its name, the clock, and strongly
 * consistent reads by key (BatchGetItem, which the function is granted; one key costs what a
 * GetItem costs).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '../dynamodb/backoff';
import { batchGetAll } from '../dynamodb/batch-get';
import { PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import type { StoredItem } from '../dynamodb/write-atomically';

export interface ListTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  backoff?: BackoffOptions;
}

const keyString = (item: Record<string, unknown>) => `${String(item[PARTITION_KEY])}\u0000${String(item[SORT_KEY])}`;

/** The items stored under `keys` (read strongly consistent), by key; absent keys are not in the map. */
export async function readByKey(table: ListTable, keys: readonly Record<string, string>[]): Promise<(key: Record<string, string>) => StoredItem | undefined> {
  const found = keys.length === 0 ? [] : await batchGetAll(table.client, table.tableName, keys, table.backoff);
  const byKey = new Map(found.map((item) => [keyString(item), item]));
  return (key) => byKey.get(keyString(key));
}

/** One item by key, strongly consistent. */
export async function readOne(table: ListTable, key: Record<string, string>): Promise<StoredItem | undefined> {
  return (await readByKey(table, [key]))(key);
}
