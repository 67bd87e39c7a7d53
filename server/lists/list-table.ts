/**
 * What every list module needs of the table: the client, its name, the clock, and strongly
 * consistent reads by key (BatchGetItem, which the function is granted; one key costs what a
 * GetItem costs).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

/** Every item of one partition whose sort key starts with `prefix`, strongly consistent, page after page. */
export async function readPrefix(table: ListTable, partition: string, prefix: string): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    // Stryker disable next-line ArrayDeclaration: equivalent — Query always returns Items.
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
