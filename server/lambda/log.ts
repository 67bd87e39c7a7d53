/**
 * One JSON line per unexpected error: CloudWatch Logs Insights can filter on the
 * fields, and the request id ties the log line to the error response the client saw.
 */
export function logError(entry: { requestId: string | undefined; path: string | undefined; error: Error }): void {
  const cause = entry.error.cause instanceof Error ? entry.error.cause : entry.error;
  console.error(
    JSON.stringify({
      level: 'error',
      requestId: entry.requestId,
      path: entry.path,
      error: { name: cause.name, message: cause.message, stack: cause.stack },
    }),
  );
}

/** One JSON line for an expected but noteworthy event (e.g. a rejected token); never carries secrets. */
export function logWarning(entry: { requestId: string | undefined; message: string; reason?: string }): void {
  console.warn(JSON.stringify({ level: 'warn', ...entry }));
}
