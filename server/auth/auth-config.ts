/**
 * How tokens are verified, from the environment only: the same verifier checks
 * Cognito's tokens in AWS and the local provider's tokens locally and in tests.
 *
 * - AUTH_ISSUER: the expected `iss`, e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>
 * - AUTH_JWKS_URI: where the issuer publishes its signing keys
 * - AUTH_CLIENT_IDS: comma-separated app clients whose tokens are accepted (`client_id` claim)
 * - AUTH_AUDIENCE: optional; when set, `aud` must contain it (RFC 9068 tokens of the
 *   local provider). Cognito access tokens have no `aud`, so it stays unset there.
 */
import { FUNCTION_ENV } from '../deployment-contract';

export interface AuthConfig {
  issuer: string;
  jwksUri: string;
  clientIds: readonly string[];
  audience?: string;
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const issuer = env[FUNCTION_ENV.authIssuer];
  const jwksUri = env[FUNCTION_ENV.authJwksUri];
  const clientIds = (env[FUNCTION_ENV.authClientIds] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  // Fail closed: a function without a complete configuration must not start serving.
  if (!issuer || !jwksUri || clientIds.length === 0) {
    throw new Error('AUTH_ISSUER, AUTH_JWKS_URI and AUTH_CLIENT_IDS must be set: the API accepts only verified callers');
  }
  return { issuer, jwksUri, clientIds, ...(env.AUTH_AUDIENCE && { audience: env.AUTH_AUDIENCE }) };
}
