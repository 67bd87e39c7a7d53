/**
 * The exported Lambda `handler`, invoked with real Function URL (2.0) and REST API
 * (1.0) event shapes, against DynamoDB Local configured purely through environment
 * variables, as in AWS.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  LIST_PAGE_SIZE_MAX,
  MAX_CALLS_PER_HTTP_BATCH,
  MAX_ITEMS_PER_HTTP_REQUEST,
  MAX_REQUEST_BODY_BYTES,
  MAX_REQUEST_URL_LENGTH,
} from '../../shared/limits';
import { captureOutput } from '../testing/capture-output';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import type { TestTable } from '../testing/test-table';
import { ownerPartitionKey, todoKey } from '../todos/todo-keys';
import { functionUrl, restApi, testLambdaContext, type EventOptions } from './fixtures/events';
import type { handler as Handler, HandlerResult } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;
let table: TestTable;

beforeAll(async () => {
  ({ handler, identity, table } = await loadTestHandler());
  return () => identity.stop();
});

/**
 * How the token arrives: through CloudFront (its function copied the viewer's
 * header to x-viewer-authorization, OAC replaced Authorization with a signature)
 * for Function URL events; as a plain Authorization header (API Gateway) for REST.
 */
const SIGV4 = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261126/eu-central-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
const viaCloudFront = (token: string) => ({ 'x-viewer-authorization': `Bearer ${token}`, authorization: SIGV4 });
const viaApiGateway = (token: string) => ({ Authorization: `Bearer ${token}` });

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

type MakeEvent = (options: EventOptions) => Parameters<typeof Handler>[0];
type TokenHeaders = (token: string) => Record<string, string>;

describe.each([
  ['Function URL (payload 2.0) behind CloudFront', functionUrl, viaCloudFront],
  ['REST API (payload 1.0)', restApi, viaApiGateway],
] as const)('%s', (_label, makeEvent: MakeEvent, tokenHeaders: TokenHeaders) => {
  let token: string;
  beforeAll(async () => {
    token = await identity.tokenFor(`user-${uuidv7()}`);
  });
  const invoke = async (options: EventOptions) =>
    parse(await handler(makeEvent({ ...options, headers: tokenHeaders(token) }), testLambdaContext()));

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
    expect(listed.body.result?.data).toEqual({ items: [expect.objectContaining({ id })], nextCursor: null, changesCursor: expect.any(String) as string });
  });

  it('answers a batched request (several procedures in one HTTP call)', async () => {
    const result = await invoke({
      method: 'POST',
      path: '/trpc/todos.create,todos.create',
      query: 'batch=1',
      body: JSON.stringify({ 0: { items: [{ name: 'one' }] }, 1: { items: [{ name: 'two' }] } }),
    });
    expect(result.status).toBe(200);
    const outcomes = result.body as unknown as { result: { data: { name: string; version: number }[] } }[];
    expect(outcomes.map((outcome) => outcome.result.data.map((todo) => [todo.name, todo.version]))).toEqual([
      [['one', 1]],
      [['two', 1]],
    ]);
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
    expect((after.body.result?.data as { items: unknown[] }).items).toEqual((before.body.result?.data as { items: unknown[] }).items);
  });

  it('answers an unknown procedure with 404 and a wrong method with 405', async () => {
    expect((await invoke({ path: '/trpc/todos.nope', query: listQuery() })).status).toBe(404);
    expect((await invoke({ method: 'POST', path: '/trpc/todos.list', body: '{}' })).status).toBe(405);
  });

  it('answers a missing todo with 404 and a reused id with 409', async () => {
    const missingId = uuidv7();
    const missing = await invoke({
      method: 'POST',
      path: '/trpc/todos.update',
      body: JSON.stringify({ items: [{ id: missingId, changes: { name: 'x' } }] }),
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.data.requestId).toBe('test-request-id');
    // Decision 008: the failed ids travel with the error, so a client can tell which ones.
    expect((missing.body.error?.data as { ids?: string[] }).ids).toEqual([missingId]);

    const id = uuidv7();
    const create = (name: string) =>
      invoke({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ id, name }] }) });
    expect((await create('first')).status).toBe(200);
    const conflict = await create('second');
    expect(conflict.status).toBe(409);
    expect((conflict.body.error?.data as { ids?: string[] }).ids).toEqual([id]);
  });
});

describe('authentication', () => {
  it('answers a request without a token with 401, a generic message and WWW-Authenticate', async () => {
    const result = parse(await handler(functionUrl({ path: '/trpc/todos.list', query: listQuery() }), testLambdaContext()));
    expect(result.status).toBe(401);
    expect(result.body.error?.data.code).toBe('UNAUTHORIZED');
    expect(result.body.error?.message).toBe('Sign in required');
    expect(result.headers['www-authenticate']).toBe('Bearer');
  });

  it('does not take the SigV4 Authorization that CloudFront adds for a caller identity', async () => {
    // OAC's signature alone is not a caller identity.
    const signedOnly = parse(
      await handler(functionUrl({ path: '/trpc/me', headers: { authorization: SIGV4 } }), testLambdaContext()),
    );
    expect(signedOnly.status).toBe(401);
  });

  it('never logs the token', async () => {
    const token = await identity.tokenFor('logger');
    const log = await captureOutput(async () => {
      const tampered = `${token.slice(0, -4)}AAAA`;
      await handler(functionUrl({ path: '/trpc/me', headers: viaCloudFront(tampered) }), testLambdaContext());
      await handler(functionUrl({ path: '/trpc/me', headers: viaCloudFront(token) }), testLambdaContext());
    });
    expect(log).toContain('access token rejected');
    expect(log).toContain('"procedures":["me"]');
    expect(log).not.toContain(token.slice(0, 40));
    expect(log).not.toContain(token.split('.')[2] ?? 'no-signature');
    expect(log).not.toContain('local:logger');
  });
});

describe('owner isolation', () => {
  it('takes the owner from the verified token only, never from anything the caller controls', async () => {
    const [alice, bob] = await Promise.all([identity.tokenFor('alice-1'), identity.tokenFor('bob-1')]);
    // Identity the caller could try to smuggle in: authorizer claims (only an API Gateway
    // authorizer sets them; a Function URL never does) and a header.
    const forged = { claims: { sub: 'local:bob-1' } };
    for (const [makeEvent, tokenHeaders] of [
      [functionUrl, viaCloudFront],
      [restApi, viaApiGateway],
    ] as [MakeEvent, TokenHeaders][]) {
      const created = parse(
        await handler(
          makeEvent({
            method: 'POST',
            path: '/trpc/todos.create',
            body: JSON.stringify({ items: [{ name: 'secret of alice' }] }),
            headers: { ...tokenHeaders(alice), 'x-local-user': 'local:bob-1' },
            ...forged,
          }),
          testLambdaContext(),
        ),
      );
      expect(created.status).toBe(200);
      const me = parse(await handler(makeEvent({ path: '/trpc/me', headers: tokenHeaders(alice), ...forged }), testLambdaContext()));
      expect(me.body.result?.data).toEqual({ id: 'local:alice-1', name: 'alice-1', kind: 'user' });
    }
    const list = async (token: string) =>
      (parse(await handler(functionUrl({ path: '/trpc/todos.list', query: listQuery(), headers: viaCloudFront(token) }), testLambdaContext()))
        .body.result?.data as { items: { name: string }[] }).items.map((t) => t.name);
    expect(await list(alice)).toEqual(['secret of alice', 'secret of alice']);
    expect(await list(bob)).toEqual([]);
  });
});

describe('owners are subjects, not names', () => {
  it('keeps two users with the same display name apart: the data belongs to the token\'s sub', async () => {
    // Cognito-style subjects (UUIDs) with one display name, as two people called Sam Smith would have.
    const [first, second] = [randomUUID(), randomUUID()];
    const tokenOf = (sub: string) => identity.forge({ ...identity.goodClaims(sub), name: 'Sam Smith' });
    const [firstToken, secondToken] = await Promise.all([tokenOf(first), tokenOf(second)]);
    const call = async (token: string, options: EventOptions) => parse(await handler(functionUrl({ ...options, headers: viaCloudFront(token) }), testLambdaContext()));

    const created = await call(firstToken, { method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ name: 'first Sam only' }] }) });
    const [todo] = created.body.result?.data as { id: string }[];
    expect((await call(firstToken, { path: '/trpc/me' })).body.result?.data).toEqual({ id: first, name: 'Sam Smith', kind: 'user' });
    const listOf = async (token: string) => ((await call(token, { path: '/trpc/todos.list', query: listQuery() })).body.result?.data as { items: { id: string }[] }).items.map((t) => t.id);
    expect(await listOf(firstToken)).toEqual([todo?.id]);
    expect(await listOf(secondToken)).toEqual([]);
    // Stored under the first user's subject, and nowhere else.
    const stored = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: todoKey(ownerPartitionKey(first), todo?.id ?? '') }));
    expect(stored.Item?.name).toBe('first Sam only');
  });
});

describe('requests tRPC cannot serve', () => {
  const reject = async (event: unknown) => parse(await handler(event as Parameters<typeof Handler>[0], testLambdaContext('guarded')));

  it.each([
    ['an unknown payload version', { ...functionUrl({ path: '/trpc/me' }), version: '3.0' }],
    ['no payload version and no REST shape', { ...functionUrl({ path: '/trpc/me' }), version: undefined }],
    ['a broken percent-escape in the path', functionUrl({ path: '/trpc/todos.%E0%A4%A' })],
    ['a broken percent-escape in the query', functionUrl({ path: '/trpc/todos.list', query: 'input=%E0%A4%A' })],
    ['a broken percent-escape in a REST path', restApi({ path: '/trpc/todos.%E0%A4%A' })],
  ])('answers %s with 400 and the request id, instead of a 500 or an invocation error', async (_label, event) => {
    const result = await reject(event);
    expect(result.status).toBe(400);
    expect(result.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, requestId: 'guarded' });
  });

  it('lets a REST API (1.0) event without `version` through', async () => {
    const event = { ...restApi({ path: '/trpc/me' }) } as Record<string, unknown>;
    delete event.version;
    expect((await reject(event)).status).toBe(401);
  });
});

/** Every bound on one HTTP request, for both event versions (the REST body bound once went unchecked). */
describe.each([
  ['Function URL (payload 2.0) behind CloudFront', functionUrl, viaCloudFront],
  ['REST API (payload 1.0)', restApi, viaApiGateway],
] as const)('%s: the work and size of one HTTP request are bounded', (_label, makeEvent: MakeEvent, tokenHeaders: TokenHeaders) => {
  let token: string;
  beforeAll(async () => {
    token = await identity.tokenFor(`budget-${uuidv7()}`);
  });
  const invoke = async (options: EventOptions, requestId?: string) =>
    parse(await handler(makeEvent({ ...options, headers: tokenHeaders(token) }), testLambdaContext(requestId)));

  it(`answers a URL over ${MAX_REQUEST_URL_LENGTH} characters with 414, before any work`, async () => {
    const tooLong = await invoke({ path: '/trpc/todos.list', query: `input=${'x'.repeat(MAX_REQUEST_URL_LENGTH)}` }, 'too-long');
    expect(tooLong.status).toBe(414);
    expect(tooLong.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 414, requestId: 'too-long' });
  });

  it(`answers a body over ${MAX_REQUEST_BODY_BYTES} bytes with 413 (base64 too), and writes nothing`, async () => {
    const items = (count: number) => JSON.stringify({ items: [{ name: 'x'.repeat(count) }] });
    // Padding inside the JSON keeps it a valid request apart from its size.
    const body = items(MAX_REQUEST_BODY_BYTES);
    const tooLarge = await invoke({ method: 'POST', path: '/trpc/todos.create', body });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await invoke({ method: 'POST', path: '/trpc/todos.create', body, base64: true })).status).toBe(413);
    const listed = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    expect((listed.body.result?.data as { items: unknown[] }).items).toEqual([]);
  });

  it(`refuses more than ${MAX_CALLS_PER_HTTP_BATCH} calls in one HTTP request, and runs none`, async () => {
    const calls = MAX_CALLS_PER_HTTP_BATCH + 1;
    const result = await invoke({
      method: 'POST',
      path: `/trpc/${Array.from({ length: calls }, () => 'todos.create').join(',')}`,
      query: 'batch=1',
      body: JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { items: [{ name: `call ${i}` }] }]))),
    });
    expect(result.status).toBe(400);
    const listed = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    expect((listed.body.result?.data as { items: unknown[] }).items).toEqual([]);
  });

  it(`refuses the call that would take a batch over ${MAX_ITEMS_PER_HTTP_REQUEST} todos (413), and serves the others`, async () => {
    const calls = Math.floor(MAX_ITEMS_PER_HTTP_REQUEST / LIST_PAGE_SIZE_MAX) + 1;
    const result = await invoke({
      path: `/trpc/${Array.from({ length: calls }, () => 'todos.list').join(',')}`,
      query: `batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { limit: LIST_PAGE_SIZE_MAX }]))))}`,
    });
    const outcomes = result.body as unknown as TrpcBody[];
    const refused = outcomes.filter((o) => o.error?.data.code === 'PAYLOAD_TOO_LARGE');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error?.message).toBe(
      `Too much at once: one request may read or write at most ${MAX_ITEMS_PER_HTTP_REQUEST} todos across its calls; send the rest in another request`,
    );
    expect(outcomes.filter((o) => o.result)).toHaveLength(calls - 1);
  });

  it('answers a name with a broken character with 400 naming the field, and writes nothing', async () => {
    const result = await invoke({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ name: 'ok' }, { name: 'broken \ud83d' }] }) });
    expect(result.status).toBe(400);
    expect(result.body.error?.message).toContain('items.1.name');
    expect(result.body.error?.message).toContain('broken characters');
    const listed = await invoke({ path: '/trpc/todos.list', query: listQuery() });
    expect((listed.body.result?.data as { items: unknown[] }).items).toEqual([]);
  });
});
