/**
 * Verifies OAuth 2.0 access tokens (JWTs) with `jose`: signature against the
 * issuer's published keys, RS256 only (so `alg: none` and HMAC tokens fail), issuer,
 * expiry and not-before, then what makes it an *access* token (not an ID token) for
 * *our* API (audience, where the issuer sets one) of *our* clients.
 *
 * Signing keys are fetched on first use and cached in module scope, so a warm
 * Lambda reuses them across invocations; a token signed with an unknown `kid` makes
 * jose refetch the key set once (at most every 30 s), which picks up key rotation.
 */
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from './auth-config';
import type { Caller } from './caller';

/** The token is not acceptable: the caller gets 401. `reason` is for logs only, never for the response. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** The issuer's keys could not be fetched: nothing is wrong with the token, the caller gets 503. */
export class KeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The token signing keys could not be fetched', { cause });
    this.name = 'KeysUnavailableError';
  }
}

export interface AccessTokenVerifier {
  verify(token: string): Promise<Caller>;
}

/** Small allowance for clock differences between the issuer and this function. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Bounded JWKS fetch: a slow issuer must not hold requests until the Lambda timeout. */
const JWKS_TIMEOUT_MS = 3000;

/**
 * Access, not ID, tokens: RFC 9068 tokens say so in the `typ` header (the local
 * provider); Cognito says so with `token_use: access`. ID tokens have neither.
 */
function isAccessToken(header: { typ?: string }, payload: JWTPayload): boolean {
  const typ = header.typ?.toLowerCase();
  return typ === 'at+jwt' || typ === 'application/at+jwt' || payload.token_use === 'access';
}

/** RFC 7519 §4.1.3: `aud` is one string or an array of them. */
function hasAudience(payload: JWTPayload, audience: string): boolean {
  return Array.isArray(payload.aud) ? payload.aud.includes(audience) : payload.aud === audience;
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export interface VerifierOptions {
  /** How the key set is fetched (tests count requests); the global fetch by default. */
  fetch?: typeof fetch;
}

export function createAccessTokenVerifier(config: AuthConfig, options: VerifierOptions = {}): AccessTokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUri), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    ...(options.fetch && { [customFetch]: options.fetch }),
  });
  const clientIds = new Set(config.clientIds);
  return {
    async verify(token) {
      let verified;
      try {
        verified = await jwtVerify(token, keys, {
          issuer: config.issuer,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
      } catch (error) {
        // Network failures, timeouts and non-200 answers from the key endpoint (jose's
        // generic error) are the issuer's problem, not the caller's.
        if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
          throw new KeysUnavailableError(error);
        }
        throw new InvalidTokenError(error.code);
      }
      const { payload, protectedHeader } = verified;
      // What kind of token it is comes first: an ID token is refused for being one, whatever
      // its audience (its `aud` is the app, not the API), so the log says what really happened.
      if (!isAccessToken(protectedHeader, payload)) throw new InvalidTokenError('not an access token');
      if (config.audience !== undefined && !hasAudience(payload, config.audience)) throw new InvalidTokenError('audience not accepted');
      const clientId = stringClaim(payload, 'client_id');
      if (clientId === undefined || !clientIds.has(clientId)) throw new InvalidTokenError('client not accepted');
      const sub = stringClaim(payload, 'sub');
      if (sub === undefined) throw new InvalidTokenError('no subject');

      const kind = sub === clientId ? 'service' : 'user';
      const name =
        stringClaim(payload, 'name') ??
        stringClaim(payload, 'preferred_username') ??
        stringClaim(payload, 'email') ??
        stringClaim(payload, 'username') ??
        sub;
      const scopes = new Set((stringClaim(payload, 'scope') ?? '').split(' ').filter(Boolean));
      return { id: sub, name, kind, scopes };
    },
  };
}
