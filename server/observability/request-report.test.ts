/**
 * What the deployed function writes to its log per request, through the real
 * handler with Powertools turned on: one structured line and CloudWatch embedded
 * metrics, with DynamoDB capacity (DynamoDB Local reports it), a pseudonymous owner,
 * error codes — and never a token, a raw user id or a todo's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { functionUrl, testLambdaContext } from '../lambda/fixtures/events';
import type { handler as Handler } from '../lambda/handler';
import { captureOutput } from '../testing/capture-output';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { ownerPseudonym } from './request-scope';

let handler: typeof Handler;
let identity: TestIdentity;
let token: string;
const saved = { level: process.env.POWERTOOLS_LOG_LEVEL, metrics: process.env.POWERTOOLS_METRICS_DISABLED };

beforeAll(async () => {
  // The log line is under test, not the timeout: on a busy machine DynamoDB Local can take longer
  // than the function's 1 s per attempt, and the line would then (rightly) count retries.
  ({ handler, identity } = await loadTestHandler({
    env: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false', DYNAMODB_REQUEST_TIMEOUT_MS: '30000' },
  }));
  token = await identity.tokenFor('observed');
});
afterAll(async () => {
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: saved.level, POWERTOOLS_METRICS_DISABLED: saved.metrics });
  delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
  await identity.stop();
});

/** Runs `fn` and returns the JSON lines the process wrote meanwhile. */
async function logged(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  return (await captureOutput(fn))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  handler(
    functionUrl({ method, path, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined && { body: JSON.stringify(body) }) }),
    testLambdaContext('req-observed'),
  );

describe('per-request telemetry', () => {
  it('logs one line per request with procedure, status, duration, owner pseudonym and DynamoDB cost; emits EMF metrics', async () => {
    const lines = await logged(() => call('POST', '/trpc/todos.create', { items: [{ name: 'a very private todo' }] }));
    const request = lines.find((line) => line.message === 'request');
    expect(request).toMatchObject({
      level: 'INFO',
      service: 'todos-api',
      requestId: 'req-observed',
      procedures: ['todos.create'],
      status: 200,
      outcome: 'ok',
      durationMs: expect.any(Number) as unknown,
      owner: ownerPseudonym('local:observed'),
      // A new person's first write, six calls: the access read of their membership (a one-key
      // BatchGetItem), the transaction that makes their default list (decision 093), the bump of
      // its one member (the members Query and one UpdateItem, decision 091), the todo's Put (one
      // write unit, and one for each index entry: decision 060) and the list's todo counter. The
      // units are what DynamoDB Local reports for them.
      dynamodb: { calls: 6, retries: 0, throttles: 0, consumedCapacity: 14 },
    });
    const emf = lines.find((line) => '_aws' in line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } };
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe('TodosApp');
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual(
      expect.arrayContaining(['Requests', 'Latency', 'ClientErrors', 'ServerErrors', 'DynamoDbConsumedCapacity', 'DynamoDbThrottles']),
    );
    expect(emf).toMatchObject({ Requests: 1, ClientErrors: 0, ServerErrors: 0, DynamoDbConsumedCapacity: 14, DynamoDbThrottles: 0, service: 'todos-api', stage: 'local', requestId: 'req-observed' });
    // Every metric is per service and stage (APP_STAGE; unset locally), so stages never mix.
    expect((emf._aws.CloudWatchMetrics[0] as unknown as { Dimensions: string[][] }).Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage']));

    const text = JSON.stringify(lines);
    expect(text).not.toContain('a very private todo');
    expect(text).not.toContain('local:observed');
    expect(text).not.toContain(token.slice(0, 40));
  });

  it('counts errors by code', async () => {
    const lines = await logged(() => call('POST', '/trpc/todos.update', { items: [{ id: uuidv7(), changes: { name: 'x' } }] }));
    expect(lines.find((line) => line.message === 'request')).toMatchObject({ status: 404, outcome: 'client_error', errorCodes: ['NOT_FOUND'] });
    expect(lines.find((line) => line.ErrorCode === 'NOT_FOUND')).toMatchObject({ Errors: 1 });
    expect(lines.find((line) => 'ClientErrors' in line)).toMatchObject({ ClientErrors: 1, ServerErrors: 0 });
  });

  it('reports an unauthenticated request without an owner', async () => {
    const lines = await logged(() => handler(functionUrl({ path: '/trpc/todos.list' }), testLambdaContext('anon')));
    const request = lines.find((line) => line.message === 'request');
    expect(request).toMatchObject({ status: 401, errorCodes: ['UNAUTHORIZED'] });
    expect(request).not.toHaveProperty('owner');
  });
});
