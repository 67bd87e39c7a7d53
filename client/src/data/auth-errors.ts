/**
 * Recognises the API's "no valid access token" answer (HTTP 401, tRPC code
 * `UNAUTHORIZED`): the session has expired or was revoked, and only signing in
 * again helps. Retrying the same request would fail the same way.
 */
import { TRPCClientError } from '@trpc/client';

export function isUnauthorized(error: unknown): boolean {
  const cause = error instanceof Error && error.name === 'PartialWriteError' ? error.cause : error;
  if (!(cause instanceof TRPCClientError)) return false;
  const data = cause.data as { code?: string; httpStatus?: number } | undefined;
  return data?.code === 'UNAUTHORIZED' || data?.httpStatus === 401;
}
