/**
 * When DynamoDB misbehaves, every request answers in bounded time with 503 and
 * Retry-After, and recovers by itself. Two real failures: DynamoDB Local paused
 * with SIGSTOP (its own instance, so other test files are not affected) through the
 * real handler, and throttling/server errors injected with SDK middleware
 * (DynamoDB Local has no throughput model) through the router.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createCaller } from '../app-router';
import { startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local';
import { localClient } from '../local/local-client';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { functionUrl, testLambdaContext } from '../lambda/fixtures/events';
import type { handler as Handler } from '../lambda/handler';
import { createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { contextFor, userCaller } from '../testing/test-caller';
import { startTestIdentity, type TestIdentity } from '../testing/test-identity';
import { createTestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from '../todos/dynamodb-todo-repository';
import { DYNAMODB_MAX_ATTEMPTS } from './client-settings';
import { ensureTable } from './create-table';
import { isDatabaseUnavailable } from './unavailable';
import { TRANSACTION_RETRY } from './write-atomically';

describe('a paused DynamoDB (SIGSTOP) behind the real handler', () => {
  let dynamo: DynamoDbLocal;
  let identity: TestIdentity;
  let handler: typeof Handler;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, 'todos-outage');
    client.destroy();
    identity = await startTestIdentity();
    useLocalDynamoDbEnvironment(dynamo.endpoint, 'todos-outage');
    Object.assign(process.env, identity.provider.apiEnvironment);
    // The function's own timeouts, as in AWS (another test file in this worker may have set the local ones).
    delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
    ({ handler } = await import('../lambda/handler'));
    headers = { authorization: `Bearer ${await identity.tokenFor('outage')}` };
  }, 60_000);
  afterAll(async () => {
    if (dynamo.pid) process.kill(dynamo.pid, 'SIGCONT');
    await dynamo.stop();
    await identity.stop();
  });

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const started = performance.now();
    const result = await handler(
      functionUrl({ method, path, headers, ...(body !== undefined && { body: JSON.stringify(body) }) }),
      testLambdaContext(),
    );
    if (typeof result === 'string') throw new Error('unexpected string result');
    return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') as unknown, ms: performance.now() - started };
  };
  const list = () => call('GET', '/trpc/todos.list');
  const create = (id: string) => call('POST', '/trpc/todos.create', { items: [{ id, name: 'written during the outage' }] });

  it('answers reads and writes with 503 + Retry-After within 5 s, then recovers without a restart; a retried write lands once', async () => {
    expect((await list()).status).toBe(200);
    const id = uuidv7();
    if (!dynamo.pid) throw new Error('no pid');
    process.kill(dynamo.pid, 'SIGSTOP');
    let read;
    let write;
    try {
      read = await list();
      write = await create(id);
    } finally {
      process.kill(dynamo.pid, 'SIGCONT');
    }
    for (const outcome of [read, write]) {
      expect(outcome.status).toBe(503);
      expect(outcome.headers['retry-after']).toBe('2');
      expect(outcome.body).toMatchObject({ error: { data: { code: 'SERVICE_UNAVAILABLE' } } });
      // The bound the API promises (the client settings budget about 3.3 s).
      expect(outcome.ms).toBeLessThan(5000);
    }
    // The write's outcome was unknown to its caller (it may have been applied after the
    // resume). Retrying it with the same id is safe: exactly one copy.
    const retried = await create(id);
    expect(retried.status).toBe(200);
    const after = await list();
    expect(after.status).toBe(200);
    const items = (after.body as { result: { data: { items: { id: string }[] } } }).result.data.items;
    expect(items.filter((item) => item.id === id)).toHaveLength(1);
  }, 30_000);
});

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
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });
  it('leaves client errors and condition failures alone', () => {
    for (const error of [
      named('ValidationException', { $metadata: { httpStatusCode: 400 } }),
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
