/**
 * Turns a request's headers into the `authenticate` step of the tRPC context:
 * find the bearer token, verify it once per HTTP request (a batch of calls shares
 * the result), and map failures to the API's errors. Every rejection gets the same
 * generic 401 message; the reason goes to the log, the token never does.
 */
import { TRPCError } from '@trpc/server';
import { InvalidTokenError, KeysUnavailableError, type AccessTokenVerifier } from './access-token-verifier';
import { bearerToken } from './bearer-token';
import type { Caller } from './caller';

export const UNAUTHORIZED_MESSAGE = 'Sign in required';

export type AuthLog = (entry: { reason: string }) => void;

export function requestAuthenticator(
  verifier: AccessTokenVerifier,
  headers: Record<string, string | undefined>,
  log: AuthLog = () => undefined,
): () => Promise<Caller> {
  let result: Promise<Caller> | undefined;
  const authenticate = async (): Promise<Caller> => {
    const token = bearerToken(headers);
    if (token === undefined) {
      log({ reason: 'no bearer token' });
      throw new TRPCError({ code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE });
    }
    try {
      return await verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        log({ reason: error.reason });
        throw new TRPCError({ code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE });
      }
      if (error instanceof KeysUnavailableError) {
        throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Sign-in cannot be checked right now; try again shortly', cause: error });
      }
      throw error;
    }
  };
  return () => (result ??= authenticate());
}

/** Header names in lower case: REST API (payload 1.0) events keep the sender's casing. */
export function lowerCaseHeaders(headers: Record<string, string | undefined> | null | undefined): Record<string, string | undefined> {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lower[name.toLowerCase()] = value;
  return lower;
}
