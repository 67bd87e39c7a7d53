import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { InvalidTokenError, KeysUnavailableError, type AccessTokenVerifier } from './access-token-verifier';
import { lowerCaseHeaders, requestAuthenticator, UNAUTHORIZED_MESSAGE } from './authenticate-request';
import { bearerToken } from './bearer-token';
import type { Caller } from './caller';

const alice: Caller = { id: 'local:alice', name: 'alice', kind: 'user', scopes: new Set() };

function verifierThat(result: (token: string) => Promise<Caller>) {
  const seen: string[] = [];
  const verifier: AccessTokenVerifier = {
    verify: (token) => {
      seen.push(token);
      return result(token);
    },
  };
  return { verifier, seen };
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('bearerToken', () => {
  it('prefers the edge header (CloudFront copied the viewer token there) over Authorization', () => {
    expect(bearerToken({ 'x-viewer-authorization': 'Bearer edge.token', authorization: 'AWS4-HMAC-SHA256 Credential=x' })).toBe('edge.token');
    expect(bearerToken({ authorization: 'Bearer plain.token' })).toBe('plain.token');
    expect(bearerToken({ authorization: 'bearer  case.insensitive ' })).toBe('case.insensitive');
  });

  it('finds no token in other schemes, empty values or junk', () => {
    for (const value of ['Basic dXNlcjpwdw==', 'Bearer', 'Bearer ', 'Bearer a b', 'AWS4-HMAC-SHA256 Credential=x', '']) {
      expect(bearerToken({ authorization: value })).toBeUndefined();
    }
    expect(bearerToken({})).toBeUndefined();
  });

  it('reads REST API (payload 1.0) headers whatever their casing', () => {
    expect(bearerToken(lowerCaseHeaders({ Authorization: 'Bearer rest.token' }))).toBe('rest.token');
    expect(lowerCaseHeaders(null)).toEqual({});
  });
});

describe('requestAuthenticator', () => {
  it('verifies once per request, however many calls a batch makes', async () => {
    const { verifier, seen } = verifierThat(() => Promise.resolve(alice));
    const authenticate = requestAuthenticator(verifier, { authorization: 'Bearer t' });
    expect(await Promise.all([authenticate(), authenticate(), authenticate()])).toEqual([alice, alice, alice]);
    expect(seen).toEqual(['t']);
  });

  it('answers a missing or invalid token with a generic 401, and logs the reason only', async () => {
    const logged: string[] = [];
    const { verifier } = verifierThat(() => Promise.reject(new InvalidTokenError('ERR_JWT_EXPIRED')));
    const missing = await failure(requestAuthenticator(verifier, {}, ({ reason }) => logged.push(reason))());
    const invalid = await failure(requestAuthenticator(verifier, { authorization: 'Bearer secret.token.value' }, ({ reason }) => logged.push(reason))());
    for (const error of [missing, invalid]) {
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toBe(UNAUTHORIZED_MESSAGE);
    }
    expect(logged).toEqual(['no bearer token', 'ERR_JWT_EXPIRED']);
  });

  it('answers unreachable signing keys with 503, not 401 (the token may be fine)', async () => {
    const { verifier } = verifierThat(() => Promise.reject(new KeysUnavailableError(new Error('timeout'))));
    expect((await failure(requestAuthenticator(verifier, { authorization: 'Bearer t' })())).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('lets unexpected errors through (they become 500s with a logged cause)', async () => {
    const { verifier } = verifierThat(() => Promise.reject(new RangeError('bug')));
    await expect(requestAuthenticator(verifier, { authorization: 'Bearer t' })()).rejects.toBeInstanceOf(RangeError);
  });
});
