/** How failed API calls are classified (retry or not) and put into words. */
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { classifyFailure, describeFailure, isRetryable, retryAfterMs } from './error-text';
import { PartialWriteError } from './sync/send-in-chunks';

function serverError(code: string, httpStatus: number, headers: Record<string, string> = {}) {
  return new TRPCClientError('raw server text', {
    result: { error: { message: 'raw server text', code: -32603, data: { code, httpStatus } } },
    meta: { response: new Response(null, { status: httpStatus, headers }) },
  });
}

describe('error text', () => {
  it('retries 503 and network failures, never 4xx or a 500 with a JSON answer', () => {
    expect(isRetryable(serverError('SERVICE_UNAVAILABLE', 503))).toBe(true);
    expect(isRetryable(TRPCClientError.from(new TypeError('Failed to fetch')))).toBe(true);
    expect(isRetryable(new PartialWriteError(serverError('SERVICE_UNAVAILABLE', 503), []))).toBe(true);
    for (const [code, status] of [
      ['UNAUTHORIZED', 401],
      ['BAD_REQUEST', 400],
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['FORBIDDEN', 403],
      ['INTERNAL_SERVER_ERROR', 500],
    ] as const) {
      expect(isRetryable(serverError(code, status)), code).toBe(false);
    }
  });

  it('reads Retry-After in seconds, capped', () => {
    expect(retryAfterMs(serverError('SERVICE_UNAVAILABLE', 503, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(serverError('SERVICE_UNAVAILABLE', 503, { 'retry-after': '3600' }))).toBe(10_000);
    expect(retryAfterMs(serverError('SERVICE_UNAVAILABLE', 503))).toBeUndefined();
  });

  it('says what happened in words, never raw parser text', () => {
    expect(describeFailure(serverError('SERVICE_UNAVAILABLE', 503))).toMatch(/^the service is unavailable right now/);
    expect(describeFailure(serverError('NOT_FOUND', 404))).toBe('it was deleted elsewhere');
    const unreadable = TRPCClientError.from(new SyntaxError('Unexpected token < in JSON at position 0'));
    expect(classifyFailure(unreadable)).toBe('unreadable');
    expect(describeFailure(unreadable)).not.toMatch(/JSON|token/);
    expect(describeFailure(TRPCClientError.from(new TypeError('Failed to fetch')))).toMatch(/could not be reached|offline/);
  });

  it("passes on the server's own words for a refusal such as the todo limit", () => {
    const limit = new TRPCClientError('You have reached the limit of 100,000 todos; delete some to add more', {
      result: { error: { message: 'x', code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403, limit: 100_000 } } },
    });
    expect(classifyFailure(limit)).toBe('refused');
    expect(describeFailure(limit)).toBe('You have reached the limit of 100,000 todos; delete some to add more');
  });
});
