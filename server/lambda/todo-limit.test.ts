/**
 * The per-user todo limit as a caller of the deployed function sees it: configured by
 * TODO_LIMIT_PER_USER, refused with 403 FORBIDDEN, a message that says what to do, and
 * the limit in `data`, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { todoLimitFromEnvironment } from './dynamodb-todo-store';
import { functionUrl, testLambdaContext } from './fixtures/events';
import type { handler as Handler } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;

beforeAll(async () => {
  ({ handler, identity } = await loadTestHandler({ env: { TODO_LIMIT_PER_USER: '2' } }));
});
afterAll(async () => {
  // process.env outlives this file in the worker; the next file must get the default.
  delete process.env.TODO_LIMIT_PER_USER;
  await identity.stop();
});

interface TrpcBody {
  result?: { data: { items: { name: string }[] } };
  error?: { message: string; data: { code: string; limit?: number } };
}

async function call(token: string, path: string, body?: unknown) {
  const event = functionUrl({
    method: body === undefined ? 'GET' : 'POST',
    path,
    ...(body !== undefined && { body: JSON.stringify(body) }),
    headers: { 'x-viewer-authorization': `Bearer ${token}` },
  });
  const result = await handler(event, testLambdaContext());
  const response = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  return { status: response.statusCode ?? 200, body: JSON.parse(response.body ?? 'null') as TrpcBody };
}

describe('the per-user todo limit', () => {
  it('refuses the create that would pass it with 403, names the limit, and writes nothing', async () => {
    const token = await identity.tokenFor(`limit-${uuidv7()}`);
    expect((await call(token, '/trpc/todos.create', { items: [{ id: uuidv7(), name: 'one' }] })).status).toBe(200);
    const refused = await call(token, '/trpc/todos.create', {
      items: [
        { id: uuidv7(), name: 'two' },
        { id: uuidv7(), name: 'three' },
      ],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.data.code).toBe('FORBIDDEN');
    expect(refused.body.error?.data.limit).toBe(2);
    expect(refused.body.error?.message).toBe('You have reached the limit of 2 todos; delete some to add more');
    const list = await call(token, '/trpc/todos.list');
    expect(list.body.result?.data.items.map((todo) => todo.name)).toEqual(['one']);
  });

  it('counts per user: one user at the limit does not stop another', async () => {
    const full = await identity.tokenFor(`limit-${uuidv7()}`);
    const other = await identity.tokenFor(`limit-${uuidv7()}`);
    const two = () => ({ items: [{ id: uuidv7(), name: 'a' }, { id: uuidv7(), name: 'b' }] });
    expect((await call(full, '/trpc/todos.create', two())).status).toBe(200);
    expect((await call(full, '/trpc/todos.create', { items: [{ id: uuidv7(), name: 'c' }] })).status).toBe(403);
    expect((await call(other, '/trpc/todos.create', two())).status).toBe(200);
  });
});

describe('TODO_LIMIT_PER_USER', () => {
  it('is optional, and must otherwise be a positive whole number', () => {
    const limit = (value?: string) => todoLimitFromEnvironment(value === undefined ? {} : { TODO_LIMIT_PER_USER: value });
    expect(limit()).toBeUndefined();
    expect(limit(' ')).toBeUndefined();
    expect(limit('250')).toBe(250);
    for (const bad of ['0', '-5', '1.5', 'many', '1e400']) {
      expect(() => limit(bad)).toThrow(`TODO_LIMIT_PER_USER must be a positive whole number, got "${bad}"`);
    }
  });
});
