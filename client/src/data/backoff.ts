/**
 * How long to wait before trying again after `failures` failures in a row:
 * 1 s, 2 s, 4 s … up to `capMs`, with a little jitter so that many clients
 * coming back at once (after an outage) do not all knock at the same moment.
 */
export function backoffMs(failures: number, { baseMs = 1000, capMs = 30_000, random = Math.random } = {}): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.2 * random()));
}
