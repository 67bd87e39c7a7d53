/**
 * Keeps the signed-in session of this tab through times without network (decision
 * 044). The access token is renewed with the refresh token (oidc-client-ts); when
 * that cannot reach the identity provider (offline, provider down, time-out), the
 * session is kept, expired token and all: the app goes on showing the user's local
 * data, and renewal is tried again when the network is back and before the next API
 * request. Only an answer from the provider that refuses the refresh token (an OAuth
 * error such as `invalid_grant`) ends it, as before. Tokens stay where oidc-client-ts
 * keeps them (sessionStorage, decision 018); nothing here stores anything.
 */
import { ErrorResponse, type User } from 'oidc-client-ts';

/** What the session needs of oidc-client-ts's UserManager. */
export interface SessionUserManager {
  getUser: () => Promise<User | null>;
  signinSilent: () => Promise<User | null>;
}

export type RenewalOutcome = 'renewed' | 'unreachable' | 'refused';

/** Renew an access token this many seconds before it expires when a request needs it. */
const RENEW_BEFORE_EXPIRY_S = 10;

const canRenew = (user: User | null): user is User => !!user?.refresh_token;

function needsRenewal(user: User): boolean {
  return user.expired === true || (user.expires_in !== undefined && user.expires_in < RENEW_BEFORE_EXPIRY_S);
}

export interface SessionRenewalOptions {
  /** `navigator.onLine` in the browser. */
  isOnline?: () => boolean;
}

export class SessionRenewal {
  private pending: Promise<RenewalOutcome> | undefined;
  private unreachable = false;
  private refused = false;
  private readonly listeners = new Set<() => void>();
  private readonly isOnline: () => boolean;

  constructor(
    private readonly userManager: SessionUserManager,
    options: SessionRenewalOptions = {},
  ) {
    this.isOnline = options.isOnline ?? (() => navigator.onLine);
  }

  /**
   * True while the last renewal could not reach the identity provider: an expired
   * session is then kept (the app stays signed in) until a renewal gets an answer.
   */
  readonly isProviderUnreachable = (): boolean => this.unreachable;

  /**
   * True once the identity provider refused to renew the session (its refresh token was
   * revoked or expired): the session has ended for good in this tab, and the app treats the
   * user as signed out (decision 065) until they sign in again, which reloads the page.
   */
  readonly isRefused = (): boolean => this.refused;

  /** For `useSyncExternalStore`: called whenever `isProviderUnreachable()` or `isRefused()` changes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Renews the access token with the refresh token; one attempt at a time. */
  renew(): Promise<RenewalOutcome> {
    this.pending ??= this.attempt().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** At start-up (before rendering) and when the network is back: renew a session whose token expired. */
  async renewIfExpired(): Promise<RenewalOutcome | undefined> {
    const user = await this.userManager.getUser();
    if (!canRenew(user) || !needsRenewal(user)) return undefined;
    return this.renew();
  }

  /**
   * The access token for an API request: renewed first if it expired or is about to
   * and the network is up. If renewal fails the current token is sent anyway (the API
   * answers 401 if it is no longer valid, and the app asks to sign in again).
   */
  readonly accessToken = async (): Promise<string | undefined> => {
    const user = await this.userManager.getUser();
    if (canRenew(user) && needsRenewal(user) && this.isOnline()) {
      if ((await this.renew()) === 'renewed') return (await this.userManager.getUser())?.access_token;
    }
    return user?.access_token;
  };

  /** Renews an expired session whenever the browser comes back online. Returns the way to stop. */
  watchConnectivity(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onOnline = () => void this.renewIfExpired();
    target.addEventListener('online', onOnline);
    return () => target.removeEventListener('online', onOnline);
  }

  private async attempt(): Promise<RenewalOutcome> {
    let outcome: RenewalOutcome;
    if (!this.isOnline()) outcome = 'unreachable';
    else {
      try {
        outcome = (await this.userManager.signinSilent()) ? 'renewed' : 'refused';
      } catch (error) {
        // An OAuth error response is the provider's answer (refresh token revoked or expired);
        // anything else (fetch failed, time-out, a 5xx page) says nothing about the session.
        outcome = error instanceof ErrorResponse ? 'refused' : 'unreachable';
      }
    }
    this.setUnreachable(outcome === 'unreachable');
    if (outcome === 'refused' && !this.refused) {
      this.refused = true;
      this.notify();
    }
    return outcome;
  }

  private setUnreachable(value: boolean): void {
    if (this.unreachable === value) return;
    this.unreachable = value;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
