/**
 * Every branch of how a failed call is classified and put into words (error-text.test.ts
 * has the main cases): a 401 or 503 recognised by code or by status alone, the browser's
 * offline flag, Retry-After edge values, and errors that are not tRPC's.
 */
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUnauthorized } from './auth-errors';
import { classifyFailure, describeFailure, isRetryable, retryAfterMs } from './error-text';
import { PartialWriteError, sendInChunks } from './sync/send-in-chunks';

const withData = (data: Record<string, unknown>, message = 'server words', headers?: Record<string, string>) =>
  new TRPCClientError(message, {
    result: { error: { message, code: -1, data } },
    ...(headers && { meta: { response: new Response(null, { headers }) } }),
  });
const networkFailure = () => TRPCClientError.from(new TypeError('Failed to fetch'));
const unreadable = () => TRPCClientError.from(new SyntaxError('Unexpected token <'));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('classifyFailure', () => {
  it('knows a 401 and a 503 by code alone and by status alone', () => {
    expect(classifyFailure(withData({ code: 'UNAUTHORIZED' }))).toBe('unauthorized');
    expect(classifyFailure(withData({ httpStatus: 401 }))).toBe('unauthorized');
    expect(classifyFailure(withData({ code: 'SERVICE_UNAVAILABLE' }))).toBe('unavailable');
    expect(classifyFailure(withData({ httpStatus: 503 }))).toBe('unavailable');
    expect(classifyFailure(withData({ code: 'BAD_REQUEST', httpStatus: 400 }))).toBe('refused');
  });

  it('tells offline from unreachable and unreadable by the browser flag', () => {
    vi.stubGlobal('navigator', { onLine: true });
    expect(classifyFailure(networkFailure())).toBe('offline');
    expect(classifyFailure(unreadable())).toBe('unreadable');
    expect(classifyFailure(new Error('not tRPC'))).toBe('refused');
    vi.stubGlobal('navigator', { onLine: false });
    expect(classifyFailure(unreadable())).toBe('offline');
    expect(classifyFailure(new Error('not tRPC'))).toBe('offline');
  });

  it('looks inside a partial write', () => {
    expect(classifyFailure(new PartialWriteError(withData({ httpStatus: 503 }), []))).toBe('unavailable');
  });
});

describe('isRetryable', () => {
  it('retries what may pass later: unavailable, offline, unreadable; never a refusal or a 401', () => {
    vi.stubGlobal('navigator', { onLine: true });
    expect(isRetryable(withData({ httpStatus: 503 }))).toBe(true);
    expect(isRetryable(networkFailure())).toBe(true);
    expect(isRetryable(unreadable())).toBe(true);
    expect(isRetryable(withData({ code: 'CONFLICT', httpStatus: 409 }))).toBe(false);
    expect(isRetryable(withData({ httpStatus: 401 }))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});

describe('retryAfterMs', () => {
  it('reads whole and zero seconds, and nothing from a missing, negative or odd header', () => {
    expect(retryAfterMs(withData({ httpStatus: 503 }, 'x', { 'retry-after': '0' }))).toBe(0);
    expect(retryAfterMs(withData({ httpStatus: 503 }, 'x', { 'retry-after': '1' }))).toBe(1000);
    expect(retryAfterMs(withData({ httpStatus: 503 }, 'x', { 'retry-after': '-1' }))).toBeUndefined();
    expect(retryAfterMs(withData({ httpStatus: 503 }, 'x', { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(withData({ httpStatus: 503 }))).toBeUndefined();
    expect(retryAfterMs(new Error('x'))).toBeUndefined();
    expect(retryAfterMs(new PartialWriteError(withData({ httpStatus: 503 }, 'x', { 'retry-after': '2' }), []))).toBe(2000);
  });
});

describe('describeFailure', () => {
  it('says each kind in words', () => {
    vi.stubGlobal('navigator', { onLine: true });
    expect(describeFailure(withData({ httpStatus: 401 }))).toBe('your session has expired');
    expect(describeFailure(networkFailure())).toBe('the server could not be reached (check your connection)');
    expect(describeFailure(unreadable())).toBe('the server sent an answer the app could not read');
    expect(describeFailure(withData({ code: 'CONFLICT', httpStatus: 409 }))).toBe('it was changed elsewhere');
    expect(describeFailure(withData({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 }, 'Internal server error'))).toBe(
      'the server had a problem (Internal server error)',
    );
    expect(describeFailure(withData({ code: 'BAD_REQUEST', httpStatus: 400 }, 'Invalid input: name: Required'))).toBe('Invalid input: name: Required');
    expect(describeFailure(new Error('plain words'))).toBe('plain words');
    expect(describeFailure('a string')).toBe('unknown error');
    vi.stubGlobal('navigator', { onLine: false });
    expect(describeFailure(networkFailure())).toBe('you are offline');
  });
});

describe('isUnauthorized', () => {
  it('trusts only tRPC errors, not look-alike objects', () => {
    expect(isUnauthorized({ data: { code: 'UNAUTHORIZED', httpStatus: 401 } })).toBe(false);
  });
});

describe('sendInChunks', () => {
  it('sends 100 items as one chunk, 101 as two, nothing as none', async () => {
    const sizes: number[] = [];
    const send = (chunk: number[]) => {
      sizes.push(chunk.length);
      return Promise.resolve(chunk);
    };
    expect(await sendInChunks([], send)).toEqual([]);
    await sendInChunks(Array.from({ length: 100 }, (_, i) => i), send);
    await sendInChunks(Array.from({ length: 101 }, (_, i) => i), send);
    expect(sizes).toEqual([100, 100, 1]);
  });

  it('names a failure that is not an Error plainly', () => {
    expect(new PartialWriteError('odd', []).message).toBe('Write failed');
    expect(new PartialWriteError(new Error('boom'), [1]).message).toBe('boom');
  });
});
