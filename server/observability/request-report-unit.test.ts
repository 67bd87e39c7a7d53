/**
 * The per-request report on its own (request-report.test.ts shows it through the handler):
 * outcome by status, duration, which fields appear when, the log level of a server error,
 * and the metrics per error code.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../testing/capture-output';
import { outcomeOf, reportRequest } from './request-report';
import { newRequestRecord, ownerPseudonym, type RequestRecord } from './request-scope';

// Powertools reads this when the telemetry module loads, i.e. with the imports above.
const saved = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  return previous;
});
afterAll(() => {
  if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = saved;
});

async function linesOf(record: RequestRecord, status: number): Promise<Record<string, unknown>[]> {
  const output = await captureOutput(() => Promise.resolve(reportRequest(record, status)));
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('outcomeOf', () => {
  it('splits at 400 and 500', () => {
    expect([200, 399, 400, 499, 500, 503].map(outcomeOf)).toEqual(['ok', 'ok', 'client_error', 'client_error', 'server_error', 'server_error']);
  });
});

describe('reportRequest', () => {
  it('logs a server error at ERROR with its codes once each, and counts it', async () => {
    const record = newRequestRecord('req-unit-500', ['todos.list']);
    record.errorCodes.push('SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE');
    record.owner = ownerPseudonym('local:ann');
    record.dynamodb.throttles = 2;
    record.dynamodb.consumedCapacity = 1.5;
    const lines = await linesOf(record, 503);
    expect(lines.find((line) => line.message === 'request')).toMatchObject({
      level: 'ERROR',
      requestId: 'req-unit-500',
      procedures: ['todos.list'],
      status: 503,
      outcome: 'server_error',
      owner: ownerPseudonym('local:ann'),
      errorCodes: ['SERVICE_UNAVAILABLE'],
    });
    expect(lines.find((line) => 'Requests' in line)).toMatchObject({
      Requests: 1,
      ClientErrors: 0,
      ServerErrors: 1,
      DynamoDbThrottles: 2,
      DynamoDbConsumedCapacity: 1.5,
      requestId: 'req-unit-500',
    });
    expect(lines.filter((line) => line.ErrorCode === 'SERVICE_UNAVAILABLE')).toEqual([expect.objectContaining({ Errors: 1 })]);
  });

  it('logs a success at INFO without owner or error codes when there are none, with its duration in ms', async () => {
    const record = newRequestRecord('req-unit-200', ['me']);
    record.startedAt -= 12.34;
    const lines = await linesOf(record, 200);
    const request = lines.find((line) => line.message === 'request');
    expect(request).toMatchObject({ level: 'INFO', outcome: 'ok', status: 200 });
    expect(request).not.toHaveProperty('owner');
    expect(request).not.toHaveProperty('errorCodes');
    expect(request?.durationMs).toBeGreaterThanOrEqual(12.3);
    expect(request?.durationMs).toBeLessThan(1000);
    // One decimal place.
    expect(Number.isInteger(Number(request?.durationMs) * 10)).toBe(true);
    expect(lines.some((line) => 'ErrorCode' in line)).toBe(false);
  });
});

describe('ownerPseudonym', () => {
  it('is a stable 16-character base64url hash that does not contain the id', () => {
    const pseudonym = ownerPseudonym('local:ann');
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(ownerPseudonym('local:ann')).toBe(pseudonym);
    expect(ownerPseudonym('local:bob')).not.toBe(pseudonym);
    expect(pseudonym).not.toContain('ann');
  });
});
