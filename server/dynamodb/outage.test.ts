/**
 * A real outage: DynamoDB Local paused with SIGSTOP (its own instance, so other test files
 * are not affected) behind the real handler. Every request answers in bounded time with 503
 * and Retry-After, and the API recovers without a restart. (Not run by mutation testing:
 * it takes about 10 s and what it bounds, the client timeouts, are static settings.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local';
import { localClient } from '../local/local-client';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { functionUrl, testLambdaContext } from '../lambda/fixtures/events';
import type { handler as Handler } from '../lambda/handler';
import { requireIsolatedModuleGraph } from '../testing/isolated-module-graph';
import { startTestIdentity, type TestIdentity } from '../testing/test-identity';
import { ensureTable } from './create-table';

describe('a paused DynamoDB (SIGSTOP) behind the real handler', () => {
  let dynamo: DynamoDbLocal;
  let identity: TestIdentity;
  let handler: typeof Handler;
  let headers: Record<string, string>;

  beforeAll(async () => {
    requireIsolatedModuleGraph('outage.test.ts');
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
