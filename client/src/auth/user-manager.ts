/**
 * The OpenID Connect client of the web UI (oidc-client-ts): authorization code +
 * PKCE against the configured provider (the local one, or Cognito in AWS), tokens
 * renewed with the refresh token before they expire, the signed-in user kept in
 * sessionStorage (this tab only, gone when it closes). The route (filter hash) is
 * carried through the sign-in round trip in the OIDC state, which oidc-client-ts
 * keeps in this browser, not in the URL.
 */
import { UserManager, WebStorageStateStore, type OidcMetadata, type User } from 'oidc-client-ts';
import type { WebAuthConfig } from '../../../shared/web-config';
import { isKnownRoute } from '../app/use-hash-route';

/** What the app stores with a sign-in request and gets back with the signed-in user. */
interface SignInState {
  hash: string;
}

/** The web client's one redirect URI (and post-logout URI): the site root, as registered. */
export const appRootUrl = (): string => `${window.location.origin}/`;

/**
 * The provider's metadata from config.json, when the site gives its endpoints: oidc-client-ts
 * then fetches no discovery document, which it otherwise does before the redirect to the
 * provider and again on the way back, before the code exchange (two round trips to another
 * origin on every sign-in; decision 102). It needs nothing else of that document here: no
 * userinfo (`loadUserInfo: false`), no session-monitor iframe, and it does not check ID token
 * signatures (the API checks the access token against the issuer's keys).
 */
export function providerMetadata(auth: WebAuthConfig): Partial<OidcMetadata> | undefined {
  const { endpoints } = auth;
  if (!endpoints) return undefined;
  return {
    issuer: auth.authority,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    ...(endpoints.endSession !== undefined && { end_session_endpoint: endpoints.endSession }),
  };
}

/**
 * The app's UserManager: on the way back from the provider (`?code=&state=`) main.tsx starts the
 * code exchange as soon as the settings are read, before the first render; AuthProvider's own
 * `signinCallback()`, which it makes from an effect after that render, then gets the same answer
 * instead of sending a second exchange (decision 102). Errors reach AuthProvider as before.
 */
export class AppUserManager extends UserManager {
  private earlyCallback: Promise<User | undefined> | undefined;

  startSigninCallback(): void {
    this.earlyCallback ??= super.signinCallback();
    // Handled where AuthProvider awaits it; not an unhandled rejection meanwhile.
    this.earlyCallback.catch(() => undefined);
  }

  override signinCallback(url?: string): Promise<User | undefined> {
    const early = this.earlyCallback;
    if (early === undefined || url !== undefined) return super.signinCallback(url);
    this.earlyCallback = undefined;
    return early;
  }
}

export function createUserManager(auth: WebAuthConfig): AppUserManager {
  const metadata = providerMetadata(auth);
  return new AppUserManager({
    authority: auth.authority,
    ...(metadata && { metadata }),
    client_id: auth.clientId,
    redirect_uri: appRootUrl(),
    post_logout_redirect_uri: appRootUrl(),
    scope: auth.scope,
    response_type: 'code',
    // Renewal uses the refresh token (no hidden iframe, no third-party cookies), and only
    // through SessionRenewal (session-renewal.ts): one at a time, before an API request whose
    // token expires within seconds (the change feed asks every 3 s) and when back online.
    // oidc-client-ts's own timer would race it and send a second renewal where one is needed.
    automaticSilentRenew: false,
    // The oidc-client-ts default, stated: tokens live only as long as this tab.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // The name shown comes from the API's `me`; no userinfo request needed.
    loadUserInfo: false,
  });
}

/** Arguments for `signinRedirect`: bring the current filter back after signing in. */
export function signInArgs(): { state: SignInState } {
  return { state: { hash: window.location.hash } };
}

/** Only the app's own routes come back from the state (it is data this browser stored, but stay strict). */
function knownRoute(hash: unknown): string {
  return typeof hash === 'string' && isKnownRoute(hash) ? hash : '';
}

/**
 * After the provider redirected back with `?code=…&state=…` and the code was exchanged:
 * replace that URL (no code in history or a reload) with the route the user was on.
 */
export function restoreRouteAfterSignIn(user: User | undefined): void {
  const hash = knownRoute((user?.state as Partial<SignInState> | undefined)?.hash);
  window.history.replaceState(null, '', `${window.location.pathname}${hash}`);
}

/** Cognito's logout endpoint (not in its discovery document) ends its session and comes back here. */
export function cognitoLogoutUrl(auth: WebAuthConfig, logoutEndpoint: string): string {
  const url = new URL(logoutEndpoint);
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('logout_uri', appRootUrl());
  return url.toString();
}
