import { ErrorResponse, User } from 'oidc-client-ts';
import { describe, expect, it, vi } from 'vitest';
import { SessionRenewal, type SessionUserManager } from './session-renewal';

const now = () => Math.floor(Date.now() / 1000);

function user(accessToken: string, expiresAt: number, refreshToken: string | null = 'refresh'): User {
  return new User({
    access_token: accessToken,
    refresh_token: refreshToken ?? undefined,
    token_type: 'Bearer',
    profile: { sub: 'alice', iss: 'https://issuer.example', aud: 'web', exp: expiresAt, iat: now() },
    expires_at: expiresAt,
  });
}

/** A UserManager stand-in: `signinSilent` does what the test says and stores the renewed user. */
function fakeManager(stored: User | null, renew: () => Promise<User | null>) {
  let current = stored;
  const manager: SessionUserManager = {
    getUser: () => Promise.resolve(current),
    signinSilent: vi.fn(async () => {
      const renewed = await renew();
      if (renewed) current = renewed;
      return renewed;
    }),
  };
  return manager;
}

describe('SessionRenewal', () => {
  it('sends a valid token as it is, without renewing', async () => {
    const manager = fakeManager(user('valid', now() + 3600), () => Promise.reject(new Error('not expected')));
    const session = new SessionRenewal(manager, { isOnline: () => true });
    expect(await session.accessToken()).toBe('valid');
    expect(await session.renewIfExpired()).toBeUndefined();
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it('renews an expired token before a request, once for concurrent requests', async () => {
    const manager = fakeManager(user('old', now() - 60), () => Promise.resolve(user('new', now() + 3600)));
    const session = new SessionRenewal(manager, { isOnline: () => true });
    expect(await Promise.all([session.accessToken(), session.accessToken()])).toEqual(['new', 'new']);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    expect(session.isProviderUnreachable()).toBe(false);
  });

  it('renews a token that expires within seconds', async () => {
    const manager = fakeManager(user('old', now() + 5), () => Promise.resolve(user('new', now() + 3600)));
    expect(await new SessionRenewal(manager, { isOnline: () => true }).accessToken()).toBe('new');
  });

  it('keeps the session while the provider cannot be reached, and tells listeners', async () => {
    const manager = fakeManager(user('old', now() - 60), () => Promise.reject(new TypeError('Failed to fetch')));
    const session = new SessionRenewal(manager, { isOnline: () => true });
    const listener = vi.fn();
    session.subscribe(listener);
    expect(await session.renewIfExpired()).toBe('unreachable');
    expect(session.isProviderUnreachable()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
    // The request still goes out with the token it has (the API decides).
    expect(await session.accessToken()).toBe('old');
  });

  it('does not even try while the browser is offline', async () => {
    const manager = fakeManager(user('old', now() - 60), () => Promise.resolve(user('new', now() + 3600)));
    const session = new SessionRenewal(manager, { isOnline: () => false });
    expect(await session.renewIfExpired()).toBe('unreachable');
    expect(await session.accessToken()).toBe('old');
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it("ends the kept session when the provider refuses the refresh token (an OAuth error)", async () => {
    let online = false;
    const manager = fakeManager(user('old', now() - 60), () => Promise.reject(new ErrorResponse({ error: 'invalid_grant' })));
    const session = new SessionRenewal(manager, { isOnline: () => online });
    const listener = vi.fn();
    session.subscribe(listener);
    await session.renewIfExpired();
    expect(session.isProviderUnreachable()).toBe(true);
    expect(session.isRefused()).toBe(false); // unreachable is not an answer: the session is kept
    online = true;
    expect(await session.renewIfExpired()).toBe('refused');
    expect(session.isProviderUnreachable()).toBe(false);
    // The session has ended for good: the app signs the user out of the tab (decision 065).
    expect(session.isRefused()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(3); // unreachable, reachable again, refused
  });

  it('renews an expired session when the browser comes back online', async () => {
    const manager = fakeManager(user('old', now() - 60), () => Promise.resolve(user('new', now() + 3600)));
    const session = new SessionRenewal(manager, { isOnline: () => true });
    const events = new EventTarget();
    const stop = session.watchConnectivity(events);
    events.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(manager.signinSilent).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect((await manager.getUser())?.access_token).toBe('new'));
    stop();
    events.dispatchEvent(new Event('online'));
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it('leaves a session without a refresh token alone (nothing to renew with)', async () => {
    const manager = fakeManager(user('old', now() - 60, null), () => Promise.resolve(null));
    const session = new SessionRenewal(manager, { isOnline: () => true });
    expect(await session.renewIfExpired()).toBeUndefined();
    expect(await session.accessToken()).toBe('old');
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });
});
