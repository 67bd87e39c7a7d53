/**
 * Which access token a CLI command sends, in this order:
 * 1. `TODOS_TOKEN` (an explicit override, e.g. from `npm run token`);
 * 2. `--service`: client credentials from `TODOS_CLIENT_ID` / `TODOS_CLIENT_SECRET`, at
 *    `TODOS_TOKEN_ENDPOINT` or the token endpoint of the site's OpenID provider;
 * 3. the sign-in stored by `login` for this API URL, renewed with its refresh token
 *    when the access token has (nearly) expired;
 * 4. none: the API answers 401 and the CLI says how to sign in.
 */
import { clientCredentialsToken } from '../api/client-credentials';
import { discoverProvider } from '../api/oidc-discovery';
import { refreshTokens, type Tokens } from '../api/token-response';
import { fetchSiteAuthConfig } from './site-config';
import type { StoredSignIn, TokenStore } from './token-store';

/** Renew a stored access token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

export const LOGIN_HINT = 'run `npm run todos -- login` to sign in again';

export interface TokenSourceOptions {
  apiUrl: string;
  env: NodeJS.ProcessEnv;
  service: boolean;
  store: TokenStore;
  fetch?: typeof fetch;
  now?: () => number;
}

export function storedSignInFrom(tokens: Tokens, from: Pick<StoredSignIn, 'authority' | 'clientId' | 'tokenEndpoint'>): StoredSignIn {
  return {
    ...from,
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    expiresAt: tokens.expiresAt,
  };
}

async function serviceToken(options: TokenSourceOptions): Promise<string> {
  const { TODOS_CLIENT_ID: clientId, TODOS_CLIENT_SECRET: clientSecret } = options.env;
  if (!clientId || !clientSecret) throw new Error('--service needs TODOS_CLIENT_ID and TODOS_CLIENT_SECRET in the environment');
  const tokenEndpoint =
    options.env.TODOS_TOKEN_ENDPOINT ||
    (await discoverProvider((await fetchSiteAuthConfig(options.apiUrl, options.fetch)).authority, options.fetch)).token_endpoint;
  return clientCredentialsToken({ tokenEndpoint, clientId, clientSecret, ...(options.fetch && { fetch: options.fetch }) })();
}

async function storedToken(options: TokenSourceOptions): Promise<string | undefined> {
  const now = options.now ?? Date.now;
  const stored = await options.store.get(options.apiUrl);
  if (!stored) return undefined;
  if (now() < stored.expiresAt - RENEW_BEFORE_MS) return stored.accessToken;
  if (!stored.refreshToken) throw new Error(`Your sign-in has expired: ${LOGIN_HINT}`);
  let tokens: Tokens;
  try {
    tokens = await refreshTokens(
      stored.tokenEndpoint,
      { refreshToken: stored.refreshToken, clientId: stored.clientId },
      { ...(options.fetch && { fetch: options.fetch }), now },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Your sign-in has expired and could not be renewed (${reason}): ${LOGIN_HINT}`, { cause: error });
  }
  // Providers that do not rotate refresh tokens (Cognito's default) send none back: keep ours.
  await options.store.set(options.apiUrl, {
    ...storedSignInFrom(tokens, stored),
    ...(!tokens.refreshToken && { refreshToken: stored.refreshToken }),
  });
  return tokens.accessToken;
}

/** The token for this command, or `undefined` (not signed in). Throws with what the user should do. */
export function resolveAccessToken(options: TokenSourceOptions): Promise<string | undefined> {
  if (options.env.TODOS_TOKEN) return Promise.resolve(options.env.TODOS_TOKEN);
  if (options.service) return serviceToken(options);
  return storedToken(options);
}
