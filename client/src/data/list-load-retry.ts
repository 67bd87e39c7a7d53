/**
 * How often the first load of the list is tried again before the page shows a load
 * error, and how long it waits in between: TanStack Query's own delays (1 s, 2 s…),
 * named here so the end-to-end tests can derive how long a load error takes to show.
 */
export const LIST_LOAD_RETRIES = 2;

export function listLoadRetryDelayMs(failureCount: number): number {
  return Math.min(1000 * 2 ** failureCount, 30_000);
}

/** The longest a first load keeps retrying before giving up (requests aside). */
export const LIST_LOAD_RETRYING_MS = Array.from({ length: LIST_LOAD_RETRIES }, (_, failures) => listLoadRetryDelayMs(failures)).reduce((a, b) => a + b, 0);
