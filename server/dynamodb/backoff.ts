/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): a random delay in [0, min(cap, base * 2^attempt)). Jitter spreads
 * retries from concurrent requests so they do not throttle each other again.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
  /** Injectable for tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 25, capMs: 1000, maxAttempts: 8 };

export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
