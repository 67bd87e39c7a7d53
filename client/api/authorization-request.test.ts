/** The authorization request URL (code flow with PKCE) and reading the answer at the redirect URI. */
import { describe, expect, it } from 'vitest';
import { authorizationCodeFrom, createAuthorizationRequest } from './authorization-request';

describe('createAuthorizationRequest', () => {
  it('asks for a code with an S256 challenge of the verifier it keeps, and a fresh state', async () => {
    const request = await createAuthorizationRequest({
      authorizationEndpoint: 'https://idp.example/auth?tenant=a',
      clientId: 'web',
      redirectUri: 'http://127.0.0.1:53682/callback',
      scope: 'openid todos',
      extra: { prompt: 'login' },
    });
    const params = Object.fromEntries(request.url.searchParams);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(request.codeVerifier));
    expect(request.url.origin + request.url.pathname).toBe('https://idp.example/auth');
    expect(params).toEqual({
      client_id: 'web',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:53682/callback',
      scope: 'openid todos',
      state: request.state,
      code_challenge: Buffer.from(digest).toString('base64url'),
      code_challenge_method: 'S256',
      prompt: 'login',
    });
    expect(request.state).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('authorizationCodeFrom', () => {
  const at = (query: string) => new URL(`http://127.0.0.1:53682/callback?${query}`);

  it('returns the code when the state matches', () => {
    expect(authorizationCodeFrom(at('code=abc&state=s1'), 's1')).toBe('abc');
  });

  it.each([
    ['error=access_denied&error_description=User+cancelled&state=s1', 'Sign-in failed: User cancelled'],
    ['error=access_denied&state=s1', 'Sign-in failed: access_denied'],
    ['code=abc&state=other', 'Sign-in failed: state mismatch'],
    ['state=s1', 'Sign-in failed: no authorization code'],
    ['code=&state=s1', 'Sign-in failed: no authorization code'],
  ])('refuses %s', (query, message) => {
    expect(() => authorizationCodeFrom(at(query), 's1')).toThrow(message);
  });
});
