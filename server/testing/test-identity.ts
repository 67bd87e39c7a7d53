/**
 * Test helper: a real local OpenID provider (on a free port) plus ways to act as
 * its users. Tokens come from the real sign-in flow, never from a shortcut; the
 * provider's private key is kept here only so bad-token tests can forge tokens
 * that differ from a good one in exactly one respect.
 */
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { USER_SIGN_IN_SCOPE } from '../../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI } from '../../shared/web-config';
import { clientCredentialsToken } from '../../client/api/client-credentials';
import { signInLocallyByName } from '../../client/api/local-sign-in';
import type { Tokens } from '../../client/api/token-response';
import {
  LOCAL_API_AUDIENCE,
  LOCAL_CLI_CLIENT_ID,
  LOCAL_SERVICE_CLIENT_ID,
  LOCAL_SERVICE_CLIENT_SECRET,
} from '../local/identity-provider/local-clients';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '../local/identity-provider/local-identity-provider';
import { loadOrCreateSecrets, type ProviderSecrets } from '../local/identity-provider/signing-keys';

export interface TestIdentity {
  provider: LocalIdentityProvider;
  /**
   * Signs `userName` in through the provider's sign-in page (CLI client) and returns all tokens.
   * `scope` is what the client asks for: the apps' own (both API scopes) unless given.
   */
  signIn(userName: string, scope?: string): Promise<Tokens>;
  /** Shorthand: the access token of `userName`. */
  tokenFor(userName: string): Promise<string>;
  /** A client-credentials access token of the local service client. */
  serviceToken(scope?: string): Promise<string>;
  /** The claims of a good user access token, to change one at a time in `forge`. */
  goodClaims(sub: string): JWTPayload;
  /** Signs `claims` with the provider's real signing key (and `header` overrides). */
  forge(claims: JWTPayload, header?: { alg?: string; typ?: string; kid?: string }): Promise<string>;
  stop(): Promise<void>;
}

/** `port`: where the provider listens on 127.0.0.1 (default: any free port). */
export async function startTestIdentity({ port = 0 }: { port?: number } = {}): Promise<TestIdentity> {
  const secrets: ProviderSecrets = await loadOrCreateSecrets(false);
  const provider = await startLocalIdentityProvider({ keysDir: false, port, webOrigins: [], secrets });
  const [signingJwk] = secrets.signingKeys;
  if (!signingJwk) throw new Error('no signing key');
  const privateKey = await importJWK(signingJwk, 'RS256');

  const signIn = (userName: string, scope = USER_SIGN_IN_SCOPE) =>
    signInLocallyByName({
      authority: provider.issuer,
      clientId: LOCAL_CLI_CLIENT_ID,
      redirectUri: CLI_LOOPBACK_REDIRECT_URI,
      userName,
      scope,
    });

  return {
    provider,
    signIn,
    tokenFor: async (userName) => (await signIn(userName)).accessToken,
    serviceToken: (scope) =>
      clientCredentialsToken({
        tokenEndpoint: provider.tokenEndpoint,
        clientId: LOCAL_SERVICE_CLIENT_ID,
        clientSecret: LOCAL_SERVICE_CLIENT_SECRET,
        ...(scope !== undefined && { scope }),
      })(),
    goodClaims: (sub) => {
      const now = Math.floor(Date.now() / 1000);
      return {
        iss: provider.issuer,
        sub,
        aud: LOCAL_API_AUDIENCE,
        client_id: LOCAL_CLI_CLIENT_ID,
        scope: 'todos/read todos/write',
        iat: now,
        exp: now + 600,
      };
    },
    forge: (claims, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signingJwk.kid, ...header })
        .sign(privateKey),
    stop: () => provider.stop(),
  };
}
