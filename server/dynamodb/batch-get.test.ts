/** BatchGetItem over any number of keys on DynamoDB Local: chunks of 100, retries, never a silent drop. */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { countCommands, createTestClientWithUnprocessedKeys } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { ensureTable } from './create-table';
import { batchGetAll } from './batch-get';
import { UnprocessedItemsError } from './unprocessed-items-error';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

async function storeItems(count: number) {
  const pk = `bg-${randomUUID()}`;
  const items = Array.from({ length: count }, (_, i) => ({ pk, sk: `ITEM#${String(i).padStart(4, '0')}`, i }));
  for (let i = 0; i < items.length; i += 25) {
    await table.documentClient.send(
      new BatchWriteCommand({ RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
  return items;
}
const keysOf = (items: { pk: string; sk: string }[]) => items.map(({ pk, sk }) => ({ pk, sk }));
const noWait = { baseMs: 1, capMs: 1, maxAttempts: 4, sleep: () => Promise.resolve() };

describe('batchGetAll', () => {
  it.each([
    [0, 0],
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])('reads %i keys in %i call(s) of at most 100 and returns every item', async (count, calls) => {
    const items = await storeItems(count);
    const counter = countCommands(table, 'BatchGetItemCommand');
    try {
      const found = await batchGetAll(table.documentClient, table.tableName, keysOf(items));
      expect(found.map((item) => item.i).sort((a, b) => Number(a) - Number(b))).toEqual(items.map((item) => item.i));
      expect(counter.count()).toBe(calls);
    } finally {
      counter.stop();
    }
  });

  it('skips keys that have no item', async () => {
    const items = await storeItems(2);
    const found = await batchGetAll(table.documentClient, table.tableName, [...keysOf(items), { pk: 'none', sk: 'none' }]);
    expect(found).toHaveLength(2);
  });

  it('asks again for unprocessed keys until none remain', async () => {
    const items = await storeItems(3);
    const flaky = createTestClientWithUnprocessedKeys(table, { times: 2 });
    const found = await batchGetAll(flaky.documentClient, table.tableName, keysOf(items), noWait);
    expect(found).toHaveLength(3);
    expect(flaky.injected()).toBe(2);
  });

  it('fails loudly, naming how many are left, when keys stay unprocessed after the last attempt', async () => {
    const items = await storeItems(3);
    const stuck = createTestClientWithUnprocessedKeys(table, { times: 100 });
    const error = await batchGetAll(stuck.documentClient, table.tableName, keysOf(items), { ...noWait, maxAttempts: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect(error).toMatchObject({
      name: 'UnprocessedItemsError',
      operation: 'BatchGetItem',
      remaining: 1,
      message: 'BatchGetItem: 1 item(s) still unprocessed after retries',
    });
    expect(stuck.injected()).toBe(2);
  });
});

describe('ensureTable', () => {
  it('is safe to call again for a table that exists, keyed by pk (hash) and sk (range)', async () => {
    await expect(ensureTable(table.client, table.tableName)).resolves.toBeUndefined();
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('passes on any other failure', async () => {
    // Table names need at least 3 characters: DynamoDB refuses this one.
    await expect(ensureTable(table.client, 'x')).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('createDocumentClient', () => {
  it('leaves out undefined attributes instead of failing the write', async () => {
    const pk = `doc-${randomUUID()}`;
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'A', missing: undefined } }));
    const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: 'A' } }));
    expect(Item).toEqual({ pk, sk: 'A' });
  });
});
