/**
 * What the deployed function answers when DynamoDB cannot be reached (here: nothing listens
 * on the configured endpoint, so connections are refused at once): 503 with Retry-After and
 * the request id, logged as an error; other answers carry no Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../testing/capture-output';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { functionUrl, testLambdaContext } from './fixtures/events';
import type { handler as Handler } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;
let token: string;

beforeAll(async () => {
  // Port 1 on loopback: nothing listens there, so DynamoDB calls fail with ECONNREFUSED.
  ({ handler, identity } = await loadTestHandler({ env: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1' } }));
  token = await identity.tokenFor('unreachable');
});
afterAll(async () => {
  // process.env outlives this file in the worker.
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await identity.stop();
});

async function call(path: string, options: { token?: string; requestId?: string; query?: string } = {}) {
  const headers: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const result = await handler(functionUrl({ path, headers, ...(options.query !== undefined && { query: options.query }) }), testLambdaContext(options.requestId));
  if (typeof result === 'string') throw new Error('unexpected string result');
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') as unknown };
}

describe('DynamoDB unreachable', () => {
  it('answers 503 with Retry-After and the request id, and logs the error with that id', async () => {
    let outcome: Awaited<ReturnType<typeof call>> | undefined;
    const log = await captureOutput(async () => {
      outcome = await call('/trpc/todos.list', { token, requestId: 'req-503' });
    }, 'ERROR');
    expect(outcome?.status).toBe(503);
    expect(outcome?.headers).toMatchObject({ 'retry-after': '2', 'cache-control': 'no-store' });
    expect(outcome?.headers).not.toHaveProperty('www-authenticate');
    expect(outcome?.body).toMatchObject({ error: { data: { code: 'SERVICE_UNAVAILABLE', requestId: 'req-503' } } });
    expect(log).toContain('"requestId":"req-503"');
    expect(log).toContain('"path":"todos.list"');
  });

  it('sends Retry-After when any call of a batch is unavailable', async () => {
    const batch = await call('/trpc/me,todos.list', { token, query: 'batch=1' });
    expect(batch.status).toBe(207);
    expect(batch.headers['retry-after']).toBe('2');
  });

  it('sends no Retry-After, but WWW-Authenticate, when the caller is not signed in', async () => {
    const unauthenticated = await call('/trpc/todos.list');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers).not.toHaveProperty('retry-after');
    expect(unauthenticated.headers['www-authenticate']).toBe('Bearer');
  });

  it('sends neither for a call that does not touch the database', async () => {
    const me = await call('/trpc/me', { token });
    expect(me.status).toBe(200);
    expect(me.headers).not.toHaveProperty('retry-after');
    expect(me.headers).not.toHaveProperty('www-authenticate');
  });
});
