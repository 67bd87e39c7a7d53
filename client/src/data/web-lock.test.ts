/** One sender per user: the Web Locks call as the outbox makes it, with a stand-in for navigator.locks. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webLock } from './web-lock';

/** A navigator whose lock is held by another tab (`held`) or free. */
function fakeLocks(held: boolean) {
  const requests: { name: string; options: LockOptions }[] = [];
  const request = vi.fn((name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) => {
    requests.push({ name, options });
    return Promise.resolve(callback(held && options.ifAvailable ? null : ({ name, mode: 'exclusive' })));
  });
  vi.stubGlobal('navigator', { locks: { request } });
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe('web lock', () => {
  it('runs the work under the named lock, waiting for it unless asked not to', async () => {
    const requests = fakeLocks(false);
    await expect(webLock('todos-outbox:u', () => Promise.resolve('sent'))).resolves.toBe('sent');
    await expect(webLock('todos-outbox:u', () => Promise.resolve('sent'), { ifAvailable: true })).resolves.toBe('sent');
    expect(requests).toEqual([
      { name: 'todos-outbox:u', options: { ifAvailable: false } },
      { name: 'todos-outbox:u', options: { ifAvailable: true } },
    ]);
  });

  it('does not run the work when another tab holds the lock and waiting was not wanted', async () => {
    fakeLocks(true);
    const work = vi.fn(() => Promise.resolve('sent'));
    await expect(webLock('todos-outbox:u', work, { ifAvailable: true })).resolves.toBeUndefined();
    expect(work).not.toHaveBeenCalled();
  });

  it('without Web Locks (or without a navigator) simply runs the work', async () => {
    vi.stubGlobal('navigator', {});
    await expect(webLock('x', () => Promise.resolve(1), { ifAvailable: true })).resolves.toBe(1);
    vi.stubGlobal('navigator', undefined);
    await expect(webLock('x', () => Promise.resolve(2))).resolves.toBe(2);
  });
});
