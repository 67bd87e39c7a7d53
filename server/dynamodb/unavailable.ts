/**
 * Is this error "DynamoDB cannot serve us right now" (retry later) rather than a bug
 * or a bad request? Those answer 503 with Retry-After instead of an opaque 500.
 * Names, not messages, are compared: emulators word their messages differently.
 */
const UNAVAILABLE_ERROR_NAMES = new Set([
  // Throttling (the SDK already retried these).
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  // A plain write met an item held by a running transaction (retried too: transaction-conflict-retry.ts),
  // or an idempotent transaction whose first attempt is still running.
  'TransactionConflictException',
  'TransactionInProgressException',
  // DynamoDB's own trouble.
  'InternalServerError',
  'ServiceUnavailable',
  // Our request timeout (requestTimeout) or an aborted request.
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Transaction cancellation reasons that mean "try again", not "your data is wrong". The one
 * list both for retrying a cancelled transaction (write-atomically.ts) and for answering 503.
 */
export const RETRYABLE_CANCELLATION_CODES: ReadonlySet<string> = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (error.name === 'TransactionCanceledException') {
    // Stryker disable next-line ArrayDeclaration: equivalent — a placeholder reason has no Code either.
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    // Stryker disable next-line ConditionalExpression: equivalent — the set never has undefined.
    return reasons.some((reason) => reason.Code !== undefined && RETRYABLE_CANCELLATION_CODES.has(reason.Code));
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}
