/**
 * The front half of the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636
 * S256): the URL a browser opens, and the `state` and verifier the client keeps to
 * check and redeem the code that comes back.
 */
import { pkcePair, randomUrlSafe } from './pkce';

export interface AuthorizationRequest {
  url: URL;
  state: string;
  codeVerifier: string;
}

export async function createAuthorizationRequest(options: {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** Extra parameters, e.g. `{ prompt: 'login' }`. */
  extra?: Record<string, string>;
}): Promise<AuthorizationRequest> {
  const { verifier, challenge } = await pkcePair();
  const state = randomUrlSafe(16);
  const url = new URL(options.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...options.extra,
  }).toString();
  return { url, state, codeVerifier: verifier };
}

/** Reads the authorization response at the redirect URI; throws on `error`, a wrong `state` or no code. */
export function authorizationCodeFrom(redirect: URL, expectedState: string): string {
  const error = redirect.searchParams.get('error');
  if (error) throw new Error(`Sign-in failed: ${redirect.searchParams.get('error_description') ?? error}`);
  if (redirect.searchParams.get('state') !== expectedState) throw new Error('Sign-in failed: state mismatch');
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error('Sign-in failed: no authorization code');
  return code;
}
