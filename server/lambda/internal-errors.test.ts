/**
 * An unexpected failure (here a real one: the configured table does not exist)
 * answers a generic 500 — no internal message, no stack — with the request id,
 * while the log line for that request id keeps the real error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureOutput } from '../testing/capture-output';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { functionUrl, testLambdaContext } from './fixtures/events';
import type { handler as Handler, HandlerResult } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;

beforeAll(async () => {
  ({ handler, identity } = await loadTestHandler({ tableSuffix: '-missing' }));
});
afterAll(() => identity.stop());

it('hides internal error details from the caller and keeps them in the log', async () => {
  const token = await identity.tokenFor('internal');
  const results: HandlerResult[] = [];
  const log = await captureOutput(async () => {
    results.push(await handler(functionUrl({ path: '/trpc/todos.list', headers: { authorization: `Bearer ${token}` } }), testLambdaContext('req-500')));
  }, 'ERROR');
  const [result] = results;
  if (result === undefined) throw new Error('no result');
  if (typeof result === 'string') throw new Error('unexpected string result');
  expect(result.statusCode).toBe(500);
  const body = JSON.parse(result.body ?? '') as { error: { message: string; data: Record<string, unknown> } };
  expect(body.error.message).toBe('Internal server error');
  expect(body.error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, requestId: 'req-500' });
  expect(body.error.data).not.toHaveProperty('stack');
  expect(result.body).not.toContain('ResourceNotFound');
  expect(log).toContain('"requestId":"req-500"');
  expect(log).toContain('ResourceNotFoundException');
});
