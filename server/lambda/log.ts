/**
 * Log lines for unexpected errors and noteworthy events, through the function's
 * structured logger: CloudWatch Logs Insights can filter on the fields, and the
 * request id ties a line to the error response the client saw. Never tokens.
 */
import { logger } from '../observability/telemetry';

export function logError(entry: { requestId: string | undefined; path: string | undefined; error: Error }): void {
  const cause = entry.error.cause instanceof Error ? entry.error.cause : entry.error;
  logger.error('unexpected error', { requestId: entry.requestId, path: entry.path, error: { name: cause.name, message: cause.message, stack: cause.stack } });
}

export function logWarning(entry: { requestId: string | undefined; message: string; reason?: string }): void {
  const { message, ...rest } = entry;
  logger.warn(message, rest);
}
