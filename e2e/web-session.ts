/**
 * A signed-in web session made without a browser (decision 095): the web app's own
 * client (its client id, redirect URI and scope from `/config.json`) runs the
 * authorization code + PKCE flow against the local identity provider, whose sign-in
 * form is submitted in Node (client/api/local-sign-in.ts), and oidc-client-ts — the
 * library the app signs in with — checks the answer and builds the `User` exactly as
 * the app's `signinRedirectCallback` does. The test then puts that user where the
 * app's UserManager reads it (client/src/auth/user-manager.ts) and opens the app:
 * signed in as after the real page, refresh token included, so renewal works as in
 * the app. It saves each test the sign-in page's round trip (about 2 s of its 3.5 s).
 *
 * What it skips is the browser's part: the provider's session cookie (the next
 * "Sign in" asks for the name again) and the app's handling of `?code=&state=`.
 * Tests about those sign in through the page (`signInThrough: 'page'`).
 */
import { InMemoryWebStorage, OidcClient, User, WebStorageStateStore } from 'oidc-client-ts';
import { signInLocallyInBrowser } from '../client/api/local-sign-in';
import type { WebAuthConfig } from '../shared/web-config';

/** One sessionStorage entry: where oidc-client-ts keeps this tab's signed-in user. */
export interface StoredWebSession {
  key: string;
  value: string;
}

/**
 * The app's UserManager keeps its user in sessionStorage through a `WebStorageStateStore`
 * (prefix `oidc.`) under `user:<authority>:<client id>` (oidc-client-ts 3.5,
 * `UserManager._userStoreKey`); sign-in.spec.ts checks this against a real sign-in.
 */
export function webSessionKey(auth: WebAuthConfig): string {
  return `oidc.user:${auth.authority}:${auth.clientId}`;
}

/** Signs `userName` in as the web app at `origin` would, and returns the session it would store. */
export async function webSessionFor(origin: string, auth: WebAuthConfig, userName: string): Promise<StoredWebSession> {
  // The web client's one registered redirect URI (user-manager.ts `appRootUrl`).
  const redirectUri = `${origin}/`;
  const client = new OidcClient({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: redirectUri,
    scope: auth.scope,
    response_type: 'code',
    loadUserInfo: false,
    // The request's state and PKCE verifier, kept for the answer (the app keeps them in sessionStorage).
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
  const request = await client.createSigninRequest({});
  const result = await signInLocallyInBrowser(new URL(request.url), {
    userName,
    stopAt: (next) => next.href.startsWith(redirectUri),
  });
  if (!result.stoppedAt) {
    throw new Error(`Signing ${userName} in for the web client failed: HTTP ${result.status} from ${result.url.href}`);
  }
  // State check, code exchange, ID token checks and claims, as in the app's sign-in callback.
  const response = await client.processSigninResponse(result.stoppedAt.href);
  return { key: webSessionKey(auth), value: new User(response).toStorageString() };
}
