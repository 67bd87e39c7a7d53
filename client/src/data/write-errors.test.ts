/** The latest failed write, in words, until dismissed; a session expiry asks to sign in. */
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUnauthorized } from './auth-errors';
import { PartialWriteError } from './sync/send-in-chunks';
import { writeErrors } from './write-errors';

const serverError = (code: string, httpStatus: number, message = 'server words') =>
  new TRPCClientError(message, { result: { error: { message, code: -1, data: { code, httpStatus } } } });

afterEach(() => {
  writeErrors.dismiss();
});

describe('writeErrors', () => {
  it('says what could not be done, why, and that it was undone; offers the retry', () => {
    const retry = vi.fn();
    writeErrors.report('add “Milk”', serverError('BAD_REQUEST', 400, 'Invalid input: name: Too long'), { retry });
    expect(writeErrors.get()).toMatchObject({
      message: 'Could not add “Milk”: Invalid input: name: Too long. Your change was undone.',
      signInRequired: false,
      retry,
    });
    writeErrors.report('delete “Milk”', serverError('NOT_FOUND', 404), { undone: 'It is gone.' });
    expect(writeErrors.get()?.message).toBe('Could not delete “Milk”: it was deleted elsewhere. It is gone.');
  });

  it('turns a custom undo sentence into a clause before asking to sign in', () => {
    writeErrors.report('delete “Milk”', serverError('UNAUTHORIZED', 401), { undone: 'It is back. Nothing changed.' });
    expect(writeErrors.get()?.message).toBe(
      'Could not delete “Milk”: your session has expired. It is back. Nothing changed; sign in again to continue.',
    );
  });

  it('stamps a report with the current time', () => {
    const before = Date.now();
    writeErrors.report('a', new Error('x'));
    expect(writeErrors.get()?.at).toBeGreaterThanOrEqual(before);
  });

  it('asks to sign in again after a 401, without a retry', () => {
    writeErrors.report('rename “Milk”', serverError('UNAUTHORIZED', 401), { retry: () => undefined });
    expect(writeErrors.get()).toMatchObject({
      message: 'Could not rename “Milk”: your session has expired. Your change was undone; sign in again to continue.',
      signInRequired: true,
      retry: undefined,
    });
  });

  it('gives every report a new, increasing time, and tells subscribers until they leave', () => {
    const listener = vi.fn();
    const stop = writeErrors.subscribe(listener);
    writeErrors.report('a', new Error('x'));
    const first = writeErrors.get()?.at ?? 0;
    writeErrors.report('a', new Error('x'));
    expect(writeErrors.get()?.at).toBeGreaterThan(first);
    writeErrors.dismiss();
    expect(writeErrors.get()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(3);
    stop();
    writeErrors.report('a', new Error('x'));
    expect(listener).toHaveBeenCalledTimes(3);
  });
});

describe('isUnauthorized', () => {
  it('recognizes a 401 by code or status, also inside a partial write', () => {
    expect(isUnauthorized(serverError('UNAUTHORIZED', 401))).toBe(true);
    expect(isUnauthorized(serverError('OTHER', 401))).toBe(true);
    expect(isUnauthorized(serverError('UNAUTHORIZED', 400))).toBe(true);
    expect(isUnauthorized(new PartialWriteError(serverError('UNAUTHORIZED', 401), []))).toBe(true);
    expect(isUnauthorized(serverError('FORBIDDEN', 403))).toBe(false);
    expect(isUnauthorized(new Error('UNAUTHORIZED'))).toBe(false);
    expect(isUnauthorized(TRPCClientError.from(new TypeError('Failed to fetch')))).toBe(false);
  });
});
