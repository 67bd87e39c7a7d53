/**
 * The exported Lambda `handler`, invoked with real Function URL (2.0) and REST API
 * (1.0) event shapes, against DynamoDB Local configured purely through environment
 * variables, as in AWS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { MAX_CALLS_PER_HTTP_BATCH } from '../../shared/limits';
import { createTestTable } from '../testing/test-table';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { functionUrl, restApi, testLambdaContext, type EventOptions } from './fixtures/events';
import type { handler as Handler, HandlerResult } from './handler';

let handler: typeof Handler;

beforeAll(async () => {
  const table = await createTestTable();
  useLocalDynamoDbEnvironment(table.endpoint, table.tableName);
  ({ handler } = await import('./handler'));
});

interface TrpcBody {
  result?: { data: unknown };
  error?: { message: string; code: number; data: { code: string; httpStatus: number; issues?: { path: string }[]; requestId?: string; stack?: string } };
}

function parse(result: HandlerResult): { status: number; body: TrpcBody; headers: Record<string, unknown> } {
  const raw = typeof result === 'string' ? result : result.body;
  return {
    status: typeof result === 'string' ? 200 : (result.statusCode ?? 200),
    body: JSON.parse(raw ?? 'null') as TrpcBody,
    headers: typeof result === 'string' ? {} : (result.headers ?? {}),
  };
}

/** A GET query string as tRPC's client builds it; no input at all means no `input` parameter. */
const listQuery = (input?: unknown) => (input === undefined ? '' : `input=${encodeURIComponent(JSON.stringify(input))}`);

describe.each([
  ['Function URL (payload 2.0)', functionUrl],
  ['REST API (payload 1.0)', restApi],
] as const)('%s', (_label, makeEvent: (options: EventOptions) => Parameters<typeof Handler>[0]) => {
  const owner = `user-${uuidv7()}`;
  const invoke = async (options: EventOptions) =>
    parse(await handler(makeEvent({ ...options, claims: { sub: owner } }), testLambdaContext()));

  it('creates (base64 body too) and lists through /trpc/*', async () => {
    const id = uuidv7();
    const created = await invoke({
      method: 'POST',
      path: '/trpc/todos.create',
      body: JSON.stringify({ items: [{ id, name: 'From Lambda' }] }),
      base64: true,
    });
    expect(created.status).toBe(200);
    expect(created.body.result?.data).toEqual([expect.objectContaining({ id, name: 'From Lambda', version: 1 })]);

    const listed = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    expect(listed.status).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(listed.body.result?.data).toEqual({ items: [expect.objectContaining({ id })], nextCursor: null });
  });

  it('answers a batched request (several procedures in one HTTP call)', async () => {
    const result = await invoke({
      method: 'POST',
      path: '/trpc/todos.create,todos.create',
      query: 'batch=1',
      body: JSON.stringify({ 0: { items: [{ name: 'one' }] }, 1: { items: [{ name: 'two' }] } }),
    });
    expect(result.status).toBe(200);
    expect(Array.isArray(result.body)).toBe(true);
  });

  it(`refuses more than ${MAX_CALLS_PER_HTTP_BATCH} calls in one HTTP request`, async () => {
    const calls = MAX_CALLS_PER_HTTP_BATCH + 1;
    const result = await invoke({
      path: `/trpc/${Array.from({ length: calls }, () => 'todos.list').join(',')}`,
      query: 'batch=1',
    });
    expect(result.status).toBe(400);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const result = await invoke({ method: 'POST', path: '/trpc/todos.create', body: '{"items": [' });
    expect(result.status).toBe(400);
    expect(result.body.error?.data.code).toBe('BAD_REQUEST');
  });

  it('answers invalid input with 400 naming the field, and writes nothing', async () => {
    const before = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    const result = await invoke({
      method: 'POST',
      path: '/trpc/todos.create',
      body: JSON.stringify({ items: [{ name: '' }] }),
    });
    expect(result.status).toBe(400);
    expect(result.body.error?.data.issues?.map((issue) => issue.path)).toEqual(['items.0.name']);
    expect(result.body.error?.message).toContain('items.0.name');
    expect(result.body.error?.data.stack).toBeUndefined();
    const after = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    expect(after.body).toEqual(before.body);
  });

  it('answers an unknown procedure with 404 and a wrong method with 405', async () => {
    expect((await invoke({ path: '/trpc/todos.nope', query: listQuery() })).status).toBe(404);
    expect((await invoke({ method: 'POST', path: '/trpc/todos.list', body: '{}' })).status).toBe(405);
  });

  it('answers a missing todo with 404 and a reused id with 409', async () => {
    const missing = await invoke({
      method: 'POST',
      path: '/trpc/todos.update',
      body: JSON.stringify({ items: [{ id: uuidv7(), changes: { name: 'x' } }] }),
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.data.requestId).toBe('test-request-id');

    const id = uuidv7();
    const create = (name: string) =>
      invoke({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ id, name }] }) });
    expect((await create('first')).status).toBe(200);
    expect((await create('second')).status).toBe(409);
  });
});

describe('owner isolation', () => {
  it('takes the owner from the authorizer claims, never from the request', async () => {
    const post = (sub: string) =>
      handler(
        functionUrl({
          method: 'POST',
          path: '/trpc/todos.create',
          body: JSON.stringify({ items: [{ name: `secret of ${sub}` }] }),
          claims: { sub },
        }),
        testLambdaContext(),
      );
    const list = async (sub: string) =>
      parse(await handler(functionUrl({ path: '/trpc/todos.list', query: listQuery(), claims: { sub } }), testLambdaContext()))
        .body.result?.data as { items: { name: string }[] };
    await post('alice-1');
    await post('bob-1');
    expect((await list('alice-1')).items.map((t) => t.name)).toEqual(['secret of alice-1']);
    expect((await list('bob-1')).items.map((t) => t.name)).toEqual(['secret of bob-1']);
  });
});
