/**
 * The all-or-nothing write helper on DynamoDB Local: which cancellations it retries,
 * how a failed condition comes back (index and the item found), and its errors.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { ConditionFailedError, MAX_TRANSACTION_ACTIONS, TooManyActionsError, writeAtomically, type WriteAction } from './write-atomically';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

const key = () => ({ pk: `wa-${randomUUID()}`, sk: 'ITEM' });
const put = (item: Record<string, unknown>, condition = true): WriteAction => ({
  Put: {
    TableName: table.tableName,
    Item: item,
    ...(condition && { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});
const noWait = { baseMs: 1, capMs: 1, maxAttempts: 3, sleep: () => Promise.resolve() };

async function stored(k: Record<string, unknown>) {
  return (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: k }))).Item;
}

describe('writeAtomically', () => {
  it('runs one action as a plain write and returns the new image of an update', async () => {
    const k = key();
    expect(await writeAtomically(table.documentClient, [put({ ...k, n: 1 })])).toBeUndefined();
    const updated = await writeAtomically(table.documentClient, [
      { Update: { TableName: table.tableName, Key: k, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 } } },
    ]);
    expect(updated).toEqual({ ...k, n: 2 });
    await writeAtomically(table.documentClient, [{ Delete: { TableName: table.tableName, Key: k } }]);
    expect(await stored(k)).toBeUndefined();
  });

  it('reports a failed single-item condition with the item it found, for puts, updates and deletes', async () => {
    const k = key();
    await writeAtomically(table.documentClient, [put({ ...k, n: 1 })]);
    const failures = async (action: WriteAction) => {
      const error = await writeAtomically(table.documentClient, [action]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      return (error as ConditionFailedError).failures;
    };
    expect(await failures(put({ ...k, n: 5 }))).toEqual([{ index: 0, existing: { ...k, n: 1 } }]);
    const condition = { ConditionExpression: 'n = :two', ExpressionAttributeValues: { ':two': 2 } };
    expect(
      await failures({ Update: { TableName: table.tableName, Key: k, UpdateExpression: 'REMOVE m', ...condition } }),
    ).toEqual([{ index: 0, existing: { ...k, n: 1 } }]);
    expect(await failures({ Delete: { TableName: table.tableName, Key: k, ...condition } })).toEqual([
      { index: 0, existing: { ...k, n: 1 } },
    ]);
    const missing = key();
    expect(
      await failures({ Delete: { TableName: table.tableName, Key: missing, ConditionExpression: 'attribute_exists(pk)' } }),
    ).toEqual([{ index: 0, existing: undefined }]);
  });

  it('reports which actions of a transaction failed, with the items found, and writes none', async () => {
    const [a, b, c, d] = [key(), key(), key(), key()];
    await writeAtomically(table.documentClient, [put({ ...b, n: 1 })]);
    await writeAtomically(table.documentClient, [put({ ...d, n: 7 })]);
    const error = await writeAtomically(table.documentClient, [
      put({ ...a, n: 1 }),
      put({ ...b, n: 2 }),
      { Update: { TableName: table.tableName, Key: c, UpdateExpression: 'SET n = :n', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':n': 1 } } },
      { Delete: { TableName: table.tableName, Key: d, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } } },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionFailedError);
    expect(error).toMatchObject({ message: 'Condition failed for 3 write(s)', name: 'ConditionFailedError' });
    expect((error as ConditionFailedError).failures).toEqual([
      { index: 1, existing: { ...b, n: 1 } },
      { index: 2, existing: undefined },
      { index: 3, existing: { ...d, n: 7 } },
    ]);
    expect(await stored(d)).toEqual({ ...d, n: 7 });
    expect(await stored(a)).toBeUndefined();
  });

  it('does nothing for no actions', async () => {
    const counting = createTestClientFailingWith(table, 'ValidationException', { times: 0 });
    expect(await writeAtomically(counting.documentClient, [])).toBeUndefined();
    expect(counting.attempts()).toBe(0);
  });

  it('passes other failures of a single write through unchanged', async () => {
    const broken = createTestClientFailingWith(table, 'ValidationException', { times: 5, commandName: 'PutItemCommand', makeError: () => new Error('boom') });
    await expect(writeAtomically(broken.documentClient, [put(key())])).rejects.toThrow('boom');
  });

  it('passes a cancellation without a failed condition through unchanged (not as a condition failure)', async () => {
    const cancelled = () =>
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'None' }] });
    const odd = createTestClientFailingWith(table, 'TransactionCanceledException', { times: 5, commandName: 'TransactWriteItemsCommand', makeError: cancelled });
    const error = await writeAtomically(odd.documentClient, [put(key()), put(key())], noWait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error).not.toBeInstanceOf(ConditionFailedError);
  });

  it(`refuses more than ${MAX_TRANSACTION_ACTIONS} actions before calling DynamoDB`, async () => {
    const actions = Array.from({ length: MAX_TRANSACTION_ACTIONS + 1 }, () => put({ ...key() }));
    const error = await writeAtomically(table.documentClient, actions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyActionsError);
    expect(error).toMatchObject({ name: 'TooManyActionsError', message: `A transaction takes at most 100 actions, got 101` });
  });

  it.each(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'])(
    'retries a transaction cancelled for %s',
    async (code) => {
      const cancelled = () =>
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: code }] });
      const flaky = createTestClientFailingWith(table, 'TransactionCanceledException', { times: 1, commandName: 'TransactWriteItemsCommand', makeError: cancelled });
      const [a, b] = [key(), key()];
      await writeAtomically(flaky.documentClient, [put(a), put(b)], noWait);
      expect(flaky.attempts()).toBe(2);
      expect(await stored(b)).toEqual(b);
    },
  );

  it('does not retry a cancellation that includes a failed condition, or any other error', async () => {
    const mixed = () =>
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }],
      });
    const failing = createTestClientFailingWith(table, 'TransactionCanceledException', { times: 5, commandName: 'TransactWriteItemsCommand', makeError: mixed });
    await expect(writeAtomically(failing.documentClient, [put(key()), put(key())], noWait)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(failing.attempts()).toBe(1);

    const broken = createTestClientFailingWith(table, 'ValidationException', { times: 5, commandName: 'TransactWriteItemsCommand', makeError: () => new Error('boom') });
    await expect(writeAtomically(broken.documentClient, [put(key()), put(key())], noWait)).rejects.toThrow('boom');
    expect(broken.attempts()).toBe(1);
  });
});
