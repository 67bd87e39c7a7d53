/**
 * The token endpoint call shared by the CLI, services and tests: the form it posts, the
 * absolute expiry, and the provider's own words on failure. A stub `fetch` plays the token
 * endpoint here because its failure answers (wrong JSON, missing token) cannot be produced
 * on demand by a real provider; local-identity-provider.test.ts uses the real one.
 */
import { describe, expect, it } from 'vitest';
import { discoverProvider } from './oidc-discovery';
import { pkcePair, randomUrlSafe } from './pkce';
import { exchangeAuthorizationCode, refreshTokens, requestTokens } from './token-response';

function stubFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status }));
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

describe('requestTokens', () => {
  it('posts the form and makes the expiry absolute (default one hour)', async () => {
    const { fetchImpl, calls } = stubFetch(200, { access_token: 'at', refresh_token: 'rt', id_token: 'it', expires_in: 300 });
    const tokens = await requestTokens('https://idp/token', { grant_type: 'x', a: 'b c' }, { fetch: fetchImpl, now: () => 1_000, headers: { authorization: 'Basic z' } });
    expect(tokens).toEqual({ accessToken: 'at', refreshToken: 'rt', idToken: 'it', expiresAt: 301_000 });
    expect(calls[0]?.url).toBe('https://idp/token');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: 'Basic z' },
      body: 'grant_type=x&a=b+c',
    });
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);

    const { fetchImpl: bare } = stubFetch(200, { access_token: 'only' });
    expect(await requestTokens('https://idp/token', {}, { fetch: bare, now: () => 0 })).toEqual({ accessToken: 'only', expiresAt: 3_600_000 });
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'Code expired' }, 'Token request failed: Code expired'],
    [400, { error: 'invalid_grant' }, 'Token request failed: invalid_grant'],
    [502, '<html>bad gateway</html>', 'Token request failed: HTTP 502'],
    [200, { token_type: 'Bearer' }, 'Token request failed: HTTP 200'],
  ])('fails with the reason for a %i answer', async (status, body, message) => {
    const { fetchImpl } = stubFetch(status, body);
    await expect(requestTokens('https://idp/token', {}, { fetch: fetchImpl })).rejects.toThrow(message);
  });

  it('sends the authorization-code and refresh grants a public client needs', async () => {
    const { fetchImpl, calls } = stubFetch(200, { access_token: 'at' });
    await exchangeAuthorizationCode('https://idp/token', { code: 'c', redirectUri: 'http://127.0.0.1:1/cb', clientId: 'cli', codeVerifier: 'v' }, { fetch: fetchImpl });
    await refreshTokens('https://idp/token', { refreshToken: 'r', clientId: 'cli' }, { fetch: fetchImpl });
    expect(Object.fromEntries(new URLSearchParams(calls[0]?.init.body as string))).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: 'http://127.0.0.1:1/cb',
      client_id: 'cli',
      code_verifier: 'v',
    });
    expect(Object.fromEntries(new URLSearchParams(calls[1]?.init.body as string))).toEqual({ grant_type: 'refresh_token', refresh_token: 'r', client_id: 'cli' });
  });
});

describe('PKCE', () => {
  it('makes URL-safe random values of the asked size, never twice the same', () => {
    const value = randomUrlSafe(32);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomUrlSafe(3)).toMatch(/^[A-Za-z0-9_-]{4}$/);
    expect(randomUrlSafe()).not.toBe(randomUrlSafe());
  });

  it('derives the S256 challenge from the verifier (RFC 7636 appendix B)', async () => {
    const { verifier, challenge } = await pkcePair();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    expect(challenge).toBe(Buffer.from(digest).toString('base64url'));
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('discoverProvider', () => {
  it('reads the metadata document under the authority, with or without a trailing slash', async () => {
    const metadata = { issuer: 'https://idp', authorization_endpoint: 'https://idp/auth', token_endpoint: 'https://idp/token' };
    const { fetchImpl, calls } = stubFetch(200, metadata);
    expect(await discoverProvider('https://idp/', fetchImpl)).toEqual(metadata);
    await discoverProvider('https://idp', fetchImpl);
    expect(calls.map((call) => call.url)).toEqual(['https://idp/.well-known/openid-configuration', 'https://idp/.well-known/openid-configuration']);
  });

  it('names the URL and status when discovery fails', async () => {
    const { fetchImpl } = stubFetch(404, 'not here');
    await expect(discoverProvider('https://idp', fetchImpl)).rejects.toThrow('OpenID discovery failed at https://idp/.well-known/openid-configuration: HTTP 404');
  });
});
