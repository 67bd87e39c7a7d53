/**
 * When DynamoDB throttles or fails, the API answers 503 with Retry-After and recovers by
 * itself: throttling/server errors and transaction conflicts injected with SDK middleware
 * (DynamoDB Local has no throughput model) through the router. A real outage (DynamoDB
 * Local paused) is in outage.test.ts.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createCaller } from '../app-router';
import { createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { contextFor, userCaller } from '../testing/test-caller';
import { createTestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from '../todos/dynamodb-todo-repository';
import { DYNAMODB_MAX_ATTEMPTS } from './client-settings';
import { isDatabaseUnavailable } from './unavailable';
import { TRANSACTION_RETRY } from './write-atomically';

describe('throttling and server errors (injected)', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError'])(
    '%s: retried by the SDK, then SERVICE_UNAVAILABLE if it persists; success once it clears',
    async (errorName) => {
      const table = await createTestTable();
      const persistent = createTestClientFailingWith(table, errorName, { times: Infinity });
      const failing = createCaller(contextFor(userCaller('u'), new DynamoDbTodoRepository({ client: persistent.documentClient, tableName: table.tableName })));
      await expect(failing.todos.list()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(persistent.attempts()).toBe(DYNAMODB_MAX_ATTEMPTS);

      const transient = createTestClientFailingWith(table, errorName, { times: DYNAMODB_MAX_ATTEMPTS - 1 });
      const recovering = createCaller(contextFor(userCaller('u'), new DynamoDbTodoRepository({ client: transient.documentClient, tableName: table.tableName })));
      expect(await recovering.todos.create({ items: [{ name: 'after throttling' }] })).toHaveLength(1);
    },
  );
});

describe('isDatabaseUnavailable', () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);
  it('recognizes throttling, timeouts, network failures, 5xx and retryable cancellations', () => {
    for (const error of [
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

describe('transaction conflicts (injected)', () => {
  const conflict = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    });

  it('retries a transaction cancelled by a concurrent one; answers 503 if the conflict persists', async () => {
    const table = await createTestTable();
    const transient = createTestClientFailingWith(table, 'TransactionCanceledException', { times: 2, commandName: 'TransactWriteItemsCommand', makeError: conflict });
    const caller = createCaller(contextFor(userCaller('u'), new DynamoDbTodoRepository({ client: transient.documentClient, tableName: table.tableName })));
    expect(await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }] })).toHaveLength(2);
    expect(transient.attempts()).toBe(3);

    const persistent = createTestClientFailingWith(table, 'TransactionCanceledException', { times: Infinity, commandName: 'TransactWriteItemsCommand', makeError: conflict });
    const failing = createCaller(contextFor(userCaller('v'), new DynamoDbTodoRepository({ client: persistent.documentClient, tableName: table.tableName })));
    await expect(failing.todos.create({ items: [{ name: 'a' }, { name: 'b' }] })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(persistent.attempts()).toBe(TRANSACTION_RETRY.maxAttempts);
    expect((await failing.todos.list()).items).toEqual([]);
  });
});
