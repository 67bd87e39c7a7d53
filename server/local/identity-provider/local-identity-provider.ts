/**
 * A standards-compliant OpenID Connect provider for local development and tests,
 * built on `oidc-provider` (certified OpenID implementation) and listening on
 * 127.0.0.1 only. It stands in for Cognito: discovery, JWKS, authorization code +
 * PKCE, refresh tokens, client credentials, RP-initiated logout. Access tokens are
 * RFC 9068 JWTs for the API (resource indicator `urn:todos:api`), so the API's one
 * verifier checks them exactly like Cognito's.
 *
 * Never expose it: anyone who can reach it can sign in as anyone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { errors, type Configuration, type Grant, type KoaContextWithOIDC } from 'oidc-provider';
import { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../../shared/auth-scopes';
import type { ProviderEndpoints } from '../../../shared/web-config';
import { accountIdFor, normalizeUserName, userNameOf } from './local-accounts';
import { LOCAL_API_AUDIENCE, LOCAL_CLIENT_IDS, localClients } from './local-clients';
import { memoryAdapter } from './memory-adapter';
import { loadOrCreateSecrets, type ProviderSecrets } from './signing-keys';
import { signInPage } from './sign-in-page';

export interface LocalIdentityProviderOptions {
  /** Folder to keep the signing and cookie keys in; `false` = memory only. */
  keysDir: string | false;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Origins where the web UI is served (its redirect and post-logout URIs). */
  webOrigins: readonly string[];
  /** Use these keys instead of loading/creating them (tests that forge tokens with the real key). */
  secrets?: ProviderSecrets;
}

export interface LocalIdentityProvider {
  /** Issuer identifier, e.g. http://127.0.0.1:3001 */
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string;
  /** For config.json: the endpoints its discovery document lists, so the browser need not fetch it (decision 102). */
  endpoints: ProviderEndpoints;
  /** The environment the API needs to accept this provider's tokens (same names as in AWS). */
  apiEnvironment: Record<'AUTH_ISSUER' | 'AUTH_JWKS_URI' | 'AUTH_CLIENT_IDS' | 'AUTH_AUDIENCE', string>;
  stop(): Promise<void>;
}

const API_SCOPES = `${TODOS_READ_SCOPE} ${TODOS_WRITE_SCOPE}`;
const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;

/** Everything our first-party clients may ask for: sign-in claims and both API scopes. */
function grantAppScopes(grant: Grant): void {
  grant.addOIDCScope('openid profile email offline_access');
  grant.addResourceScope(LOCAL_API_AUDIENCE, API_SCOPES);
}

/**
 * Where the provider answers, stated rather than left to oidc-provider's defaults (which they
 * are): config.json hands them to the browser up front, so they must not move under it.
 */
const ROUTES = {
  authorization: '/auth',
  token: '/token',
  revocation: '/token/revocation',
  end_session: '/session/end',
  jwks: '/jwks',
} as const;

function configuration(webOrigins: readonly string[], secrets: ProviderSecrets): Configuration {
  return {
    adapter: memoryAdapter(),
    routes: ROUTES,
    clients: localClients(webOrigins),
    jwks: { keys: secrets.signingKeys },
    cookies: { keys: secrets.cookieKeys },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    findAccount(_ctx, sub) {
      const name = userNameOf(sub);
      if (name === undefined) return undefined;
      return { accountId: sub, claims: () => ({ sub, name, preferred_username: name }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Skip the "do you want to sign out?" question: the app asked already.
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head><body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Sign out</button></noscript></form>')}<script>document.forms[0].submit()</script></body></html>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        // Every token is for the API unless a client asks otherwise: JWT access tokens with `aud`.
        defaultResource: () => LOCAL_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== LOCAL_API_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPES,
            audience: LOCAL_API_AUDIENCE,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // First-party clients: no consent screen; a user who signs in grants the app its scopes.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grantAppScopes(grant);
      await grant.save();
      return grant;
    },
    // Public clients that may refresh always get a refresh token (no `offline_access` dance).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // A refresh token stays valid until it expires or is revoked, as Cognito's do: its rotation
    // works only through its own GetTokensFromRefreshToken API, not the OAuth token endpoint.
    // oidc-provider would rotate them for public clients and revoke the whole grant when an
    // old one came back, so a renewal whose answer was lost (the network dropped as it came
    // back) signed the user out here but not on AWS (decision 015).
    rotateRefreshToken: false,
    // The user's name in the access token, where the API's `me` reads it (Cognito: a token trigger).
    extraTokenClaims: (_ctx, token) => {
      const name = 'accountId' in token && typeof token.accountId === 'string' ? userNameOf(token.accountId) : undefined;
      return name === undefined ? undefined : { name };
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      RefreshToken: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      Interaction: 60 * 60,
      AuthorizationCode: 60,
    },
    clientBasedCORS: () => true,
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString();
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

/** The sign-in interaction: GET shows the form, POST signs the named user in. */
async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const html = (status: number, body: string) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    html(400, '<!doctype html><html lang="en"><title>Sign-in expired</title><main><h1>This sign-in has expired</h1><p>Go back to the app and sign in again.</p></main></html>');
    return;
  }
  const client = await provider.Client.find(String(details.params.client_id));
  const clientName = client?.clientName ?? 'the app';
  const action = `/interaction/${details.uid}`;

  if (details.prompt.name === 'consent' && details.session?.accountId) {
    // First-party clients need no consent screen. Web clients skip this step via
    // loadExistingGrant; native ones (the CLI) are always asked, and granted here.
    const clientId = String(details.params.client_id);
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId: details.session.accountId, clientId });
    grantAppScopes(grant);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (details.prompt.name !== 'login') {
    html(400, '<!doctype html><html lang="en"><title>Sign-in not possible</title><main><h1>This sign-in cannot continue</h1></main></html>');
    return;
  }
  if (req.method === 'GET') {
    html(200, signInPage({ action, clientName }));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  const typed = (await readForm(req)).get('username') ?? '';
  const name = normalizeUserName(typed);
  if (name === undefined) {
    html(400, signInPage({ action, clientName, userName: typed.slice(0, 64), error: 'Enter a user name of 1 to 64 characters.' }));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: accountIdFor(name) } }, { mergeWithLastSubmission: false });
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function startLocalIdentityProvider(options: LocalIdentityProviderOptions): Promise<LocalIdentityProvider> {
  const secrets = options.secrets ?? (await loadOrCreateSecrets(options.keysDir));
  // Created once listening (the issuer includes the port); until then requests get 503.
  const state: { provider?: Provider } = {};
  const server = createServer((req, res) => {
    const { provider } = state;
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith('/interaction/')) {
      handleInteraction(provider, req, res).catch((error: unknown) => {
        console.error('Local identity provider: sign-in failed', error);
        if (!res.headersSent) res.writeHead(500).end('Sign-in failed');
      });
      return;
    }
    void provider.callback()(req, res);
  });
  // The issuer includes the port, which is known only once listening.
  const port = await listenOn(server, options.port);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, configuration(options.webOrigins, secrets));
  state.provider = provider;
  // It logs through `debug`; surface only server errors, not every rejected request.
  provider.on('server_error', (_ctx, error) => console.error('Local identity provider error:', error));

  const jwksUri = `${issuer}${ROUTES.jwks}`;
  const tokenEndpoint = `${issuer}${ROUTES.token}`;
  return {
    issuer,
    jwksUri,
    tokenEndpoint,
    endpoints: {
      authorization: `${issuer}${ROUTES.authorization}`,
      token: tokenEndpoint,
      revocation: `${issuer}${ROUTES.revocation}`,
      endSession: `${issuer}${ROUTES.end_session}`,
    },
    apiEnvironment: {
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URI: jwksUri,
      AUTH_CLIENT_IDS: LOCAL_CLIENT_IDS.join(','),
      AUTH_AUDIENCE: LOCAL_API_AUDIENCE,
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
