/** Exponential backoff with full jitter: the bounds of each delay, and that sleeping waits. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep } from './backoff';

afterEach(() => {
  vi.useRealTimers();
});

describe('backoff', () => {
  it('draws a delay below base × 2^attempt, capped', () => {
    const options = { baseMs: 10, capMs: 100, maxAttempts: 5 };
    const almostOne = () => 0.999_999;
    expect(backoffDelayMs(1, { ...options, random: almostOne })).toBe(19);
    expect(backoffDelayMs(3, { ...options, random: almostOne })).toBe(79);
    expect(backoffDelayMs(4, { ...options, random: almostOne })).toBe(99);
    expect(backoffDelayMs(3, { ...options, random: () => 0.5 })).toBe(40);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('uses Math.random without an injected source, within the bounds', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(2, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(100);
    }
  });

  it('defaults to 8 attempts between 25 ms and 1 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 25, capMs: 1000, maxAttempts: 8 });
  });

  it('sleeps for the given time', async () => {
    vi.useFakeTimers();
    let done = false;
    const sleeping = sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });
});
