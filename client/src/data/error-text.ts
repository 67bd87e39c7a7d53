/**
 * What a failed API call means for the user, in plain sentences, and whether
 * sending it again can help. tRPC errors carry the server's `data` (code, HTTP
 * status) when the server answered with tRPC JSON; without `data` the request
 * never got a readable answer: the network failed (a TypeError from fetch) or
 * something in between answered with a non-JSON body (a SyntaxError while parsing).
 */
import { TRPCClientError } from '@trpc/client';

export type FailureKind = 'unauthorized' | 'unavailable' | 'offline' | 'unreadable' | 'refused';

interface ErrorData {
  code?: string;
  httpStatus?: number;
}

function unwrap(error: unknown): unknown {
  return error instanceof Error && error.name === 'PartialWriteError' ? error.cause : error;
}

// `navigator.onLine === false`, not `!navigator.onLine`: Node 21+ has a `navigator` without `onLine`.
// The DOM types say `onLine` is always a boolean; on Node it is missing, hence the wider type.
const isOffline = () => typeof navigator !== 'undefined' && (navigator.onLine as boolean | undefined) === false;

export function classifyFailure(error: unknown): FailureKind {
  const cause = unwrap(error);
  if (!(cause instanceof TRPCClientError)) return isOffline() ? 'offline' : 'refused';
  const data = cause.data as ErrorData | undefined;
  if (data?.code === 'UNAUTHORIZED' || data?.httpStatus === 401) return 'unauthorized';
  if (data?.code === 'SERVICE_UNAVAILABLE' || data?.httpStatus === 503) return 'unavailable';
  if (data === undefined) {
    const inner: unknown = cause.cause;
    if (inner instanceof SyntaxError && !isOffline()) return 'unreadable';
    return 'offline';
  }
  return 'refused';
}

/** Sending the same write again may succeed (and is safe: creates reuse their ids, deletes ignore missing ids). */
export const isRetryable = (error: unknown): boolean => {
  const kind = classifyFailure(error);
  return kind === 'unavailable' || kind === 'offline' || kind === 'unreadable';
};

/** Seconds from the response's `Retry-After` header, when the server sent one. */
export function retryAfterMs(error: unknown): number | undefined {
  const cause = unwrap(error);
  if (!(cause instanceof TRPCClientError)) return undefined;
  const meta = cause.meta as { response?: Response } | undefined;
  const seconds = Number(meta?.response?.headers.get('retry-after') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 10) * 1000 : undefined;
}

/** A clause that completes "Could not … : <reason>". */
export function describeFailure(error: unknown): string {
  const cause = unwrap(error);
  switch (classifyFailure(error)) {
    case 'unauthorized':
      return 'your session has expired';
    case 'unavailable':
      return 'the service is unavailable right now (nothing was lost, try again in a moment)';
    case 'offline':
      return isOffline() ? 'you are offline' : 'the server could not be reached (check your connection)';
    case 'unreadable':
      return 'the server sent an answer the app could not read';
    case 'refused':
      break;
  }
  if (cause instanceof TRPCClientError) {
    const code = (cause.data as ErrorData | undefined)?.code;
    if (code === 'NOT_FOUND') return 'it was deleted elsewhere';
    if (code === 'CONFLICT') return 'it was changed elsewhere';
    if (code === 'INTERNAL_SERVER_ERROR') return `the server had a problem (${cause.message})`;
    // Validation messages name the offending field; they are short and meant for people.
    return cause.message;
  }
  return cause instanceof Error ? cause.message : 'unknown error';
}

/** The server's tRPC error code and the todo ids it names (NOT_FOUND, CONFLICT carry `data.ids`, decision 008). */
export function refusal(error: unknown): { code: string | undefined; ids: Set<string> | undefined } {
  const cause = unwrap(error);
  if (!(cause instanceof TRPCClientError)) return { code: undefined, ids: undefined };
  const data = cause.data as (ErrorData & { ids?: unknown }) | undefined;
  const ids = Array.isArray(data?.ids) ? new Set(data.ids.filter((id): id is string => typeof id === 'string')) : undefined;
  return { code: data?.code, ids };
}
