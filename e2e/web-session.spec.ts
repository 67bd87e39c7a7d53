/**
 * The fixture's fast sign-in (web-session.ts, decision 095) stands in for the real one
 * in most tests, so it must be the real one's equal: the session it stores is the one
 * the app stores after the provider's page (same key, same fields), the app takes it as
 * signed in (`me`, the name shown), renews it with its refresh token, and a session the
 * app does not take fails the fixture at once, saying so.
 */
import type { Page } from '@playwright/test';
import { WEB_CONFIG_PATH, webConfigSchema } from '../shared/web-config';
import { expect, test, TodoApp } from './fixtures';
import { webSessionFor, webSessionKey } from './web-session';

/** The oidc-client-ts users this tab keeps, by sessionStorage key. */
function storedSessions(page: Page): Promise<Record<string, Record<string, unknown>>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(sessionStorage)
        .filter((key) => key.startsWith('oidc.user:'))
        .map((key) => [key, JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>]),
    ),
  );
}

/** What two sign-ins of one user must share: all but the tokens, their times and the provider's session id. */
function comparable(stored: Record<string, unknown>) {
  const { access_token, refresh_token, id_token, expires_at, profile, ...rest } = stored;
  const claims = Object.fromEntries(Object.entries(profile as Record<string, unknown>).filter(([claim]) => !['iat', 'exp', 'sid'].includes(claim)));
  return {
    ...rest,
    claims,
    tokens: [typeof access_token, typeof refresh_token, typeof id_token],
    expiresLater: typeof expires_at === 'number' && expires_at > Date.now() / 1000,
  };
}

const isMeResponse = (url: string) => new URL(url).pathname.split('/').pop()?.split(',').includes('me') ?? false;

test('the session made in Node is the one signing in through the page stores', async ({ page, user, request, baseURL }) => {
  const app = new TodoApp(page);
  await app.signIn(user);
  const real = await storedSessions(page);
  const { auth } = webConfigSchema.parse(await (await request.get(WEB_CONFIG_PATH)).json());
  expect(Object.keys(real)).toEqual([webSessionKey(auth)]);

  const made = await webSessionFor(new URL(baseURL ?? '').origin, auth, user);
  const stored = real[made.key] ?? {};
  const fast = JSON.parse(made.value) as Record<string, unknown>;
  expect(Object.keys(fast).sort()).toEqual(Object.keys(stored).sort());
  expect(comparable(fast)).toEqual(comparable(stored));
  expect(comparable(fast)).toMatchObject({ tokens: ['string', 'string', 'string'], expiresLater: true, claims: { name: user } });
});

test('the app takes it as signed in: `me` names the user, the API accepts it, and it renews with its refresh token', async ({ page, user }) => {
  const app = new TodoApp(page);
  const me = page.waitForResponse((response) => isMeResponse(response.url()));
  await app.signInWithSession(user);
  expect((await me).status()).toBe(200);
  await expect(app.account).toContainText(`Signed in as ${user}`);
  await app.add('stored with the fast session');

  // The tab slept past the access token's expiry: the app renews it before rendering.
  const renewal = page.waitForResponse(
    (response) => response.url().endsWith('/token') && (response.request().postData()?.includes('grant_type=refresh_token') ?? false),
  );
  await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:')) ?? '';
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    sessionStorage.setItem(key, JSON.stringify({ ...stored, expires_at: Math.floor(Date.now() / 1000) - 60 }));
  });
  await page.reload();
  expect((await renewal).status()).toBe(200);
  await app.waitForList();
  await expect(app.labels).toHaveText(['stored with the fast session']);
  const [renewed] = Object.values(await storedSessions(page));
  expect(renewed?.expires_at).toBeGreaterThan(Date.now() / 1000);
});

test('a session the app does not take fails the sign-in at once, saying so', async ({ page, user }) => {
  // Every document of the tab starts with empty sessionStorage: the stored session is gone when the app starts.
  await page.addInitScript(() => sessionStorage.clear());
  const app = new TodoApp(page);
  await expect(app.signInWithSession(user)).rejects.toThrow(/the app opened signed out, so it did not read the session stored under "oidc\.user:/);
});
