/**
 * The local OpenID provider as its clients see it: discovery, sign-in page, the
 * code + PKCE flow, refresh tokens, client credentials, key persistence.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SIGN_IN_SCOPE } from '../../../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI } from '../../../shared/web-config';
import { signInLocallyByName } from '../../../client/api/local-sign-in';
import { refreshTokens } from '../../../client/api/token-response';
import { createAccessTokenVerifier } from '../../auth/access-token-verifier';
import { readAuthConfig } from '../../auth/auth-config';
import { normalizeUserName } from './local-accounts';
import { LOCAL_CLI_CLIENT_ID, LOCAL_WEB_CLIENT_ID } from './local-clients';
import { startLocalIdentityProvider, type LocalIdentityProvider } from './local-identity-provider';
import { SECRETS_FILE } from './signing-keys';

let provider: LocalIdentityProvider;
beforeAll(async () => {
  provider = await startLocalIdentityProvider({ keysDir: false, port: 0, webOrigins: ['http://localhost:3000'] });
});
afterAll(() => provider.stop());

const signIn = (userName: string, authority = provider.issuer, scope = USER_SIGN_IN_SCOPE) =>
  signInLocallyByName({ authority, clientId: LOCAL_CLI_CLIENT_ID, redirectUri: CLI_LOOPBACK_REDIRECT_URI, userName, scope });

/** The provider's discovery document, where clients find its endpoints. */
async function discovery(): Promise<Record<string, unknown>> {
  return (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
}

describe('discovery', () => {
  it('describes a code + PKCE provider with refresh tokens, client credentials and logout, on 127.0.0.1', async () => {
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await discovery();
    expect(metadata).toMatchObject({
      issuer: provider.issuer,
      jwks_uri: provider.jwksUri,
      token_endpoint: provider.tokenEndpoint,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: expect.arrayContaining(['code']) as unknown,
      grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']) as unknown,
      end_session_endpoint: `${provider.issuer}/session/end`,
    });
    expect(metadata.response_types_supported).not.toContain('id_token token');
  });

  it('lists the endpoints that config.json gives the browser instead (decision 102)', async () => {
    const metadata = await discovery();
    expect({
      authorization: metadata.authorization_endpoint,
      token: metadata.token_endpoint,
      revocation: metadata.revocation_endpoint,
      endSession: metadata.end_session_endpoint,
    }).toEqual(provider.endpoints);
  });
});

/** An authorization request of the web client, as a browser would send it; `overrides` change or (undefined) drop fields. */
function authorizeRequest(overrides: Record<string, string | undefined> = {}): Promise<Response> {
  const params: Record<string, string | undefined> = {
    client_id: LOCAL_WEB_CLIENT_ID,
    response_type: 'code',
    redirect_uri: 'http://localhost:3000/',
    scope: USER_SIGN_IN_SCOPE,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...overrides,
  };
  const authorize = new URL(`${provider.issuer}/auth`);
  authorize.search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  return fetch(authorize, { redirect: 'manual' });
}

describe('sign-in page', () => {
  it('asks for a user name only: a labelled "User name" field and a "Sign in" button', async () => {
    const redirect = await authorizeRequest();
    expect(redirect.status).toBe(303);
    const page = await fetch(new URL(redirect.headers.get('location') ?? '', provider.issuer), {
      headers: { cookie: redirect.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
    });
    const html = await page.text();
    expect(html).toMatch(/<label for="username">User name<\/label>/);
    expect(html).toMatch(/<input id="username" name="username"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toMatch(/type="password"/i);
  });

  it('refuses a request without PKCE', async () => {
    const response = await authorizeRequest({ code_challenge: undefined, code_challenge_method: undefined });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a redirect URI that is not registered', async () => {
    const response = await authorizeRequest({ redirect_uri: 'http://evil.example/' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('signs in any name; the same name (any case or spacing) is the same user', async () => {
    const [first, second] = await Promise.all([signIn('  Ada   Lovelace '), signIn('ada lovelace')]);
    expect(decodeJwt(first.accessToken).sub).toBe('local:ada lovelace');
    expect(decodeJwt(second.accessToken).sub).toBe('local:ada lovelace');
    expect(decodeJwt(first.accessToken).name).toBe('ada lovelace');
    await expect(signIn('   ')).rejects.toThrow(/unexpected HTTP 400/);
  });
});

describe('tokens', () => {
  it('renews an access token with the refresh token, keeping its API scopes', async () => {
    const tokens = await signIn('refresher');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const renewed = await refreshTokens(provider.tokenEndpoint, { refreshToken: tokens.refreshToken ?? '', clientId: LOCAL_CLI_CLIENT_ID });
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(decodeJwt(renewed.accessToken).sub).toBe('local:refresher');
    expect(decodeJwt(renewed.accessToken).scope).toBe('todos/read todos/write');
  });

  it('grants a user the API scopes the app asks for, and only those (as Cognito does)', async () => {
    const scopesOf = async (scope: string) => decodeJwt((await signIn(`scoped-${scope}`, provider.issuer, scope)).accessToken).scope;
    expect(await scopesOf(USER_SIGN_IN_SCOPE)).toBe('todos/read todos/write');
    expect(await scopesOf('openid todos/read')).toBe('todos/read');
    expect(await scopesOf('openid')).toBeUndefined();
  });

  it('keeps a refresh token valid after use, as Cognito does, until it is revoked', async () => {
    const { refreshToken = '' } = await signIn('lost answers');
    const renew = () => refreshTokens(provider.tokenEndpoint, { refreshToken, clientId: LOCAL_CLI_CLIENT_ID });
    // A renewal whose answer never arrived is simply repeated: the same token works again.
    const first = await renew();
    const again = await renew();
    expect(decodeJwt(again.accessToken).sub).toBe('local:lost answers');
    expect([first.refreshToken, again.refreshToken]).toEqual([refreshToken, refreshToken]);

    // Sign-out revokes it (RFC 7009), and then it is refused.
    const { revocation_endpoint: revocationEndpoint } = await discovery();
    const revoked = await fetch(String(revocationEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: LOCAL_CLI_CLIENT_ID }).toString(),
    });
    expect(revoked.status).toBe(200);
    await expect(renew()).rejects.toThrow(/Token request failed: grant request is invalid/);
  });

  it('normalizes user names and rejects empty or overlong ones', () => {
    expect(normalizeUserName(' Bob  Smith ')).toBe('bob smith');
    expect(normalizeUserName('')).toBeUndefined();
    expect(normalizeUserName('x'.repeat(65))).toBeUndefined();
    expect(normalizeUserName('x'.repeat(64))).toBe('x'.repeat(64));
  });
});

describe('persistence', () => {
  it('keeps its keys in their folder (owner-only), so tokens stay valid across a restart', async () => {
    const keysDir = mkdtempSync(path.join(tmpdir(), 'idp-keys-'));
    try {
      const first = await startLocalIdentityProvider({ keysDir, port: 0, webOrigins: [] });
      const token = (await signIn('persistent', first.issuer)).accessToken;
      await first.stop();
      expect(statSync(path.join(keysDir, SECRETS_FILE)).mode & 0o777).toBe(0o600);

      // (Another port only because the test's HTTP client pools connections to the old one;
      // `npm start` restarts on the same port, so the issuer is the same too.)
      const second = await startLocalIdentityProvider({ keysDir, port: 0, webOrigins: [] });
      try {
        const verifier = createAccessTokenVerifier({ ...readAuthConfig(second.apiEnvironment), issuer: first.issuer });
        expect((await verifier.verify(token)).id).toBe('local:persistent');
        expect(decodeJwt((await signIn('persistent', second.issuer)).accessToken).sub).toBe('local:persistent');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(keysDir, { recursive: true, force: true });
    }
  });
});
