/**
 * An unexpected failure (here a real one: the configured table does not exist)
 * answers a generic 500 — no internal message, no stack — with the request id,
 * while the log line for that request id keeps the real error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { startTestIdentity, type TestIdentity } from '../testing/test-identity';
import { createTestTable } from '../testing/test-table';
import { functionUrl, testLambdaContext } from './fixtures/events';
import type { handler as Handler } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;

beforeAll(async () => {
  const table = await createTestTable();
  identity = await startTestIdentity();
  useLocalDynamoDbEnvironment(table.endpoint, `${table.tableName}-missing`);
  Object.assign(process.env, identity.provider.apiEnvironment);
  ({ handler } = await import('./handler'));
});
afterAll(() => identity.stop());

it('hides internal error details from the caller and keeps them in the log', async () => {
  const { logger } = await import('../observability/telemetry');
  const token = await identity.tokenFor('internal');
  const lines: string[] = [];
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  logger.setLogLevel('ERROR');
  process.stdout.write = capture;
  process.stderr.write = capture;
  let result;
  try {
    result = await handler(functionUrl({ path: '/trpc/todos.list', headers: { authorization: `Bearer ${token}` } }), testLambdaContext('req-500'));
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    logger.setLogLevel('SILENT');
  }
  if (typeof result === 'string') throw new Error('unexpected string result');
  expect(result.statusCode).toBe(500);
  const body = JSON.parse(result.body ?? '') as { error: { message: string; data: Record<string, unknown> } };
  expect(body.error.message).toBe('Internal server error');
  expect(body.error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, requestId: 'req-500' });
  expect(body.error.data).not.toHaveProperty('stack');
  expect(result.body).not.toContain('ResourceNotFound');
  const log = lines.join('');
  expect(log).toContain('"requestId":"req-500"');
  expect(log).toContain('ResourceNotFoundException');
});
