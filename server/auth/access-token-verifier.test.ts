/**
 * The verifier against a real local OpenID provider: real tokens from its sign-in
 * and client-credentials flows, and forged ones that differ from a good token in
 * exactly one respect (signed with the provider's real key unless the point is a
 * bad signature). Every forged case has a control: the unchanged claims verify.
 */
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentity, type TestIdentity } from '../testing/test-identity';
import { createAccessTokenVerifier, InvalidTokenError, KeysUnavailableError, type AccessTokenVerifier } from './access-token-verifier';
import { readAuthConfig } from './auth-config';

let identity: TestIdentity;
let verifier: AccessTokenVerifier;
let jwksRequests = 0;

beforeAll(async () => {
  identity = await startTestIdentity();
  verifier = createAccessTokenVerifier(readAuthConfig(identity.provider.apiEnvironment), {
    fetch: (input, init) => {
      jwksRequests++;
      return fetch(input, init);
    },
  });
});
afterAll(() => identity.stop());

/** A copy of `claims` without `name`. */
function without(claims: JWTPayload, name: string): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('accepted tokens', () => {
  it('a user access token from the sign-in flow: id = sub, name from the token', async () => {
    const caller = await verifier.verify(await identity.tokenFor('Alice Smith'));
    expect(caller).toEqual({ id: 'local:alice smith', name: 'alice smith', kind: 'user', scopes: new Set(['todos/read', 'todos/write']) });
  });

  it('a client-credentials token: a service whose id is the client id', async () => {
    const caller = await verifier.verify(await identity.serviceToken('todos/read'));
    expect(caller).toMatchObject({ id: 'todos-service', kind: 'service', scopes: new Set(['todos/read']) });
  });

  it('a Cognito-style access token (token_use, no typ, no aud) when no audience is configured', async () => {
    const cognitoLike = createAccessTokenVerifier({ ...readAuthConfig(identity.provider.apiEnvironment), audience: undefined });
    const claims = without(identity.goodClaims('c0ffee00-1111-2222-3333-444455556666'), 'aud');
    const token = await identity.forge({ ...claims, token_use: 'access', username: 'c0ffee00', email: 'a@example.com' }, { typ: 'JWT' });
    expect(await cognitoLike.verify(token)).toMatchObject({ id: 'c0ffee00-1111-2222-3333-444455556666', name: 'a@example.com', kind: 'user' });
  });

  it('accepts the long form of the RFC 9068 type, and takes the name from the first claim present', async () => {
    const base = identity.goodClaims('local:names');
    const verify = async (claims: JWTPayload) => verifier.verify(await identity.forge(claims, { typ: 'application/at+jwt' }));
    expect((await verify({ ...base, preferred_username: 'pref', email: 'e@x', username: 'u' })).name).toBe('pref');
    expect((await verify({ ...base, email: 'e@x', username: 'u' })).name).toBe('e@x');
    expect((await verify({ ...base, username: 'u' })).name).toBe('u');
    expect((await verify({ ...base, name: '', username: 'u' })).name).toBe('u');
    expect((await verify(base)).name).toBe('local:names');
    expect((await verify(without(base, 'scope'))).scopes).toEqual(new Set());
  });

  it('an audience list that contains ours', async () => {
    const claims = identity.goodClaims('local:many');
    const token = await identity.forge({ ...claims, aud: ['urn:another:api', String(claims.aud)] });
    expect((await verifier.verify(token)).id).toBe('local:many');
  });

  it('the forging helper itself makes acceptable tokens (control for the cases below)', async () => {
    expect((await verifier.verify(await identity.forge(identity.goodClaims('local:control')))).id).toBe('local:control');
  });
});

describe('rejected tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const forged = (change: (claims: JWTPayload) => JWTPayload, header?: { alg?: string; typ?: string; kid?: string }) =>
    identity.forge(change(identity.goodClaims('local:mallory')), header);

  it.each([
    ['expired', () => forged((c) => ({ ...c, iat: now() - 7200, exp: now() - 3600 })), 'ERR_JWT_EXPIRED'],
    ['not yet valid', () => forged((c) => ({ ...c, nbf: now() + 3600 })), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['from another issuer', () => forged((c) => ({ ...c, iss: 'http://127.0.0.1:1' })), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['for another audience', () => forged((c) => ({ ...c, aud: 'urn:another:api' })), 'audience not accepted'],
    ['for several audiences, none of them ours', () => forged((c) => ({ ...c, aud: ['urn:a', 'urn:b'] })), 'audience not accepted'],
    ['without an audience', () => forged((c) => without(c, 'aud')), 'audience not accepted'],
    ['of an unknown client', () => forged((c) => ({ ...c, client_id: 'someone-elses-app' })), 'client not accepted'],
    ['without client_id', () => forged((c) => without(c, 'client_id')), 'client not accepted'],
    ['with an empty client_id', () => forged((c) => ({ ...c, client_id: '' })), 'client not accepted'],
    ['without exp', () => forged((c) => without(c, 'exp')), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without sub', () => forged((c) => without(c, 'sub')), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['with an empty sub', () => forged((c) => ({ ...c, sub: '' })), 'no subject'],
    ['typed as a plain JWT (not an access token)', () => forged((c) => c, { typ: 'JWT' }), 'not an access token'],
    ['without a typ (and no token_use)', () => forged((c) => c, { typ: undefined as unknown as string }), 'not an access token'],
    ['with token_use id', () => forged((c) => ({ ...c, token_use: 'id' }), { typ: 'JWT' }), 'not an access token'],
    ['signed with a key the issuer does not publish (unknown kid)', () => forged((c) => c, { kid: 'not-a-published-key' }), 'ERR_JWKS_NO_MATCHING_KEY'],
  ])('%s', async (_label, make, reason) => {
    expect(await rejection(await make())).toBe(reason);
  });

  it('rejections are InvalidTokenError with the reason in the message (for logs)', async () => {
    const error = await verifier.verify(await forged((c) => ({ ...c, client_id: 'x' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ name: 'InvalidTokenError', message: 'Invalid access token: client not accepted' });
  });

  it('an ID token of a real sign-in, refused for being an ID token (not merely for its audience)', async () => {
    const { idToken } = await identity.signIn('alice');
    expect(idToken).toBeDefined();
    expect(await rejection(idToken ?? '')).toBe('not an access token');
    // Even by a verifier that expects no audience (Cognito): its kind alone refuses it.
    const withoutAudience = createAccessTokenVerifier({ ...readAuthConfig(identity.provider.apiEnvironment), audience: undefined });
    const error = await withoutAudience.verify(idToken ?? '').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidTokenError', reason: 'not an access token' });
  });

  it('a real token whose payload was changed after signing', async () => {
    const [header, payload, signature] = (await identity.tokenFor('alice')).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload;
    const tampered = `${header}.${base64url({ ...claims, sub: 'local:bob' })}.${signature}`;
    expect(await rejection(tampered)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('a token signed by another key under the published kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = JSON.parse(Buffer.from((await identity.tokenFor('x')).split('.')[0] ?? '', 'base64url').toString()) as { kid: string };
    const token = await new SignJWT(identity.goodClaims('local:mallory')).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: kid.kid }).sign(privateKey);
    expect(await rejection(token)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('alg: none', async () => {
    const token = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(identity.goodClaims('local:mallory'))}.`;
    expect(await rejection(token)).toEqual(expect.any(String));
  });

  it('HMAC (HS256) keyed with the public key, the classic algorithm confusion', async () => {
    const response = await fetch(identity.provider.jwksUri);
    const { keys } = (await response.json()) as { keys: { n: string }[] };
    const secret = new TextEncoder().encode(JSON.stringify(keys[0]));
    const token = await new SignJWT(identity.goodClaims('local:mallory')).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(secret);
    expect(await rejection(token)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('garbage', async () => {
    expect(await rejection('not-a-jwt')).toEqual(expect.any(String));
    expect(await rejection('a.b.c')).toEqual(expect.any(String));
  });
});

describe('signing keys', () => {
  it('are fetched once and reused; an unknown kid refetches once, then waits out the cooldown', async () => {
    const fresh = createAccessTokenVerifier(readAuthConfig(identity.provider.apiEnvironment), {
      fetch: (input, init) => {
        jwksRequests++;
        return fetch(input, init);
      },
    });
    const token = await identity.tokenFor('keys');
    const before = jwksRequests;
    await fresh.verify(token);
    await fresh.verify(token);
    await fresh.verify(await identity.tokenFor('keys-2'));
    expect(jwksRequests - before).toBe(1);
    // The verifier's cooldown is 30 s after a fetch: an unknown kid right after the first fetch does not refetch...
    await expect(fresh.verify(await identity.forge(identity.goodClaims('local:k'), { kid: 'rotated' }))).rejects.toBeInstanceOf(InvalidTokenError);
    expect(jwksRequests - before).toBe(1);
  });

  it('an unknown kid after the cooldown triggers exactly one refetch', async () => {
    const realNow = Date.now;
    const fresh = createAccessTokenVerifier(readAuthConfig(identity.provider.apiEnvironment), {
      fetch: (input, init) => {
        jwksRequests++;
        return fetch(input, init);
      },
    });
    const before = jwksRequests;
    await fresh.verify(await identity.tokenFor('rotation'));
    try {
      Date.now = () => realNow() + 31_000;
      await expect(fresh.verify(await identity.forge(identity.goodClaims('local:k'), { kid: 'rotated' }))).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      Date.now = realNow;
    }
    expect(jwksRequests - before).toBe(2);
  });

  it('unreachable keys are the issuer\'s problem (KeysUnavailableError), not an invalid token', async () => {
    const unreachable = createAccessTokenVerifier({ ...readAuthConfig(identity.provider.apiEnvironment), jwksUri: 'http://127.0.0.1:9/jwks' });
    const error = await unreachable.verify(await identity.tokenFor('alice')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeysUnavailableError);
    expect(error).toMatchObject({ name: 'KeysUnavailableError', message: 'The token signing keys could not be fetched' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('a key endpoint answering an error status is unavailable too, not an invalid token', async () => {
    const broken = createAccessTokenVerifier({ ...readAuthConfig(identity.provider.apiEnvironment), jwksUri: `${identity.provider.issuer}/no-such-jwks` });
    await expect(broken.verify(await identity.tokenFor('alice'))).rejects.toBeInstanceOf(KeysUnavailableError);
  });

  it('publishes only public key material', async () => {
    const { keys } = (await (await fetch(identity.provider.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(Object.keys(key)).not.toContain('d');
  });
});
