/**
 * When DynamoDB throttles or fails, the API answers 503 with Retry-After and recovers by
 * itself: throttling/server errors and transaction conflicts injected with SDK middleware
 * (DynamoDB Local has no throughput model) through the router. A real outage (DynamoDB
 * Local paused) is in outage.test.ts.
 */
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createCaller } from '../app-router';
import { createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { contextFor, userCaller } from '../testing/test-caller';
import { createTestTable } from '../testing/test-table';
import { createDataStore } from '../dynamodb-data-store';
import { DYNAMODB_MAX_ATTEMPTS } from './client-settings';
import { isDatabaseUnavailable } from './unavailable';
import { TRANSACTION_RETRY } from './write-atomically';

describe('throttling and server errors (injected)', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError'])(
    '%s: retried by the SDK, then SERVICE_UNAVAILABLE if it persists; success once it clears',
    async (errorName) => {
      const table = await createTestTable();
      const persistent = createTestClientFailingWith(table, errorName, { times: Infinity });
      const failing = createCaller(contextFor(userCaller('u'), createDataStore({ client: persistent.documentClient, tableName: table.tableName })));
      await expect(failing.todos.list()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(persistent.attempts()).toBe(DYNAMODB_MAX_ATTEMPTS);

      const transient = createTestClientFailingWith(table, errorName, { times: DYNAMODB_MAX_ATTEMPTS - 1 });
      const recovering = createCaller(contextFor(userCaller('u'), createDataStore({ client: transient.documentClient, tableName: table.tableName })));
      expect(await recovering.todos.create({ items: [{ name: 'after throttling' }] })).toHaveLength(1);
    },
  );
});

describe('isDatabaseUnavailable', () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);
  // Every code DynamoDB cancels a transaction with for load or contention, one at a time.
  it.each(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'])(
    'recognizes a transaction cancelled for %s (with or without other reasons beside it)',
    (code) => {
      expect(isDatabaseUnavailable(named('TransactionCanceledException', { CancellationReasons: [{ Code: code }] }))).toBe(true);
      expect(isDatabaseUnavailable(named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: code }] }))).toBe(true);
    },
  );
  it('recognizes throttling, timeouts, network failures, 5xx, write conflicts and retryable cancellations', () => {
    for (const error of [
      named('TransactionConflictException', { $metadata: { httpStatusCode: 400 } }),
      named('TransactionInProgressException', { $metadata: { httpStatusCode: 400 } }),
      named('TimeoutError'),
      named('Error', { code: 'ECONNREFUSED' }),
      named('SomethingNew', { $metadata: { httpStatusCode: 503 } }),
      named('SomethingElse', { $metadata: { httpStatusCode: 500 } }),
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });
  it('leaves client errors and condition failures alone', () => {
    for (const error of [
      named('ValidationException', { $metadata: { httpStatusCode: 400 } }),
      named('SomethingNew', { $metadata: { httpStatusCode: 499 } }),
      named('SomethingNew', {}),
      named('TransactionCanceledException', {}),
      named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } }),
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
      new TypeError('bug'),
      'not an error',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('cancelled transactions (injected)', () => {
  // Each reason DynamoDB gives for cancelling a transaction that was fine in itself.
  it.each(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'])(
    'retries a transaction cancelled for %s; answers 503 if it persists, and writes nothing',
    async (code) => {
      const cancelled = () =>
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: [{ Code: 'None' }, { Code: code }],
        });
      const table = await createTestTable();
      // The users' default lists exist already (made in a transaction of their own on first use).
      for (const user of ['u', 'v']) await createCaller(contextFor(userCaller(user), createDataStore({ client: table.documentClient, tableName: table.tableName }))).lists.list();
      const transient = createTestClientFailingWith(table, 'TransactionCanceledException', { times: 2, commandName: 'TransactWriteItemsCommand', makeError: cancelled });
      const caller = createCaller(contextFor(userCaller('u'), createDataStore({ client: transient.documentClient, tableName: table.tableName })));
      expect(await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }] })).toHaveLength(2);
      expect(transient.attempts()).toBe(3);

      const persistent = createTestClientFailingWith(table, 'TransactionCanceledException', { times: Infinity, commandName: 'TransactWriteItemsCommand', makeError: cancelled });
      const failing = createCaller(contextFor(userCaller('v'), createDataStore({ client: persistent.documentClient, tableName: table.tableName })));
      await expect(failing.todos.create({ items: [{ name: 'a' }, { name: 'b' }] })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(persistent.attempts()).toBe(TRANSACTION_RETRY.maxAttempts);
      expect((await failing.todos.list()).items).toEqual([]);
    },
  );
});

describe('a single write that meets a running transaction (TransactionConflictException, injected)', () => {
  const conflict = () => new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: { httpStatusCode: 400 } });

  it.each([
    ['create', 'PutItemCommand'],
    ['update', 'UpdateItemCommand'],
    ['delete', 'UpdateItemCommand'],
  ] as const)('%s (%s): retried with backoff, then 503 if it persists; success once it clears', async (procedure, commandName) => {
    const table = await createTestTable();
    const setup = createCaller(contextFor(userCaller('w'), createDataStore({ client: table.documentClient, tableName: table.tableName })));
    const [todo] = await setup.todos.create({ items: [{ name: 'there' }] });
    const id = todo?.id ?? '';
    // One call of the procedure, on a repository whose client fails its writes of that command.
    const call = (client: ReturnType<typeof createTestClientFailingWith>) => {
      const caller = createCaller(contextFor(userCaller('w'), createDataStore({ client: client.documentClient, tableName: table.tableName })));
      if (procedure === 'create') return caller.todos.create({ items: [{ name: 'new' }] });
      if (procedure === 'update') return caller.todos.update({ items: [{ id, changes: { status: 'completed' } }] });
      return caller.todos.delete({ ids: [id] });
    };
    // The counter update of create/delete is an UpdateItem too: fail only the todo's own write.
    const onlyTodoWrites = (times: number) =>
      createTestClientFailingWith(table, 'TransactionConflictException', {
        times,
        commandName,
        makeError: conflict,
        when: (input) => JSON.stringify(input).includes('TODO#'),
      });

    const persistent = onlyTodoWrites(Infinity);
    await expect(call(persistent)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(persistent.attempts()).toBe(DYNAMODB_MAX_ATTEMPTS);

    const transient = onlyTodoWrites(DYNAMODB_MAX_ATTEMPTS - 1);
    await call(transient);
    expect(transient.attempts()).toBe(DYNAMODB_MAX_ATTEMPTS);
    const { items } = await setup.todos.list();
    if (procedure === 'create') expect(items.map((t) => t.name)).toEqual(['there', 'new']);
    if (procedure === 'update') expect(items).toEqual([expect.objectContaining({ id, status: 'completed' })]);
    if (procedure === 'delete') expect(items).toEqual([]);
  });
});
