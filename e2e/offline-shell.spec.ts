/**
 * The app opens with no network at all (decision 044): a service worker keeps the
 * app shell, and a signed-in tab stays signed in while the identity provider cannot
 * be reached, even with an expired access token, renewing it once back online.
 */
import type { Page } from '@playwright/test';
import { expect, test, type TodoApp } from './fixtures';

/** The signed-in app: account bar and input, and neither the sign-in page nor the start-up error. */
async function expectSignedInApp(app: TodoApp): Promise<void> {
  await expect(app.account).toBeVisible();
  await expect(app.newTodo).toBeVisible();
  await expect(app.signInButton).toHaveCount(0);
  await expect(app.page.getByText('The app could not start')).toHaveCount(0);
}

/** The stored oidc-client-ts user of this tab (sessionStorage), as the library keeps it. */
async function storedUser(page: Page): Promise<{ key: string; expiresAt: number }> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
    if (!key) throw new Error('no signed-in user in sessionStorage');
    const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { expires_at: number };
    return { key, expiresAt: user.expires_at };
  });
}

test.describe('offline app shell', () => {
  // The shell comes from the app's service worker, which the config blocks elsewhere.
  test.use({ serviceWorkers: 'allow' });

  test('a reload with the network off renders the signed-in app from the cached shell', async ({ app, page, context }) => {
    await app.waitForServiceWorker();
    await context.setOffline(true);

    const response = await page.reload();
    // The page came from the worker's cache, not from the (unreachable) server.
    expect(response?.fromServiceWorker()).toBe(true);
    await expectSignedInApp(app);

    // A fresh tab (no session: tokens are per tab) opens too, on the signed-out page.
    const fresh = await context.newPage();
    await fresh.goto('/');
    await expect(fresh.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await fresh.close();

    await context.setOffline(false);
  });

  test('an access token that expired while offline does not sign the user out; it is renewed once back online', async ({ app, page, context, user }) => {
    // Every answer to a renewal. Chromium's emulated offline can let the very first requests of
    // a reloaded page through, so a renewal may reach the provider before the test goes online
    // (its answer then lost, or not): the test asserts the outcome, not the order of requests.
    const renewals: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/token') && response.request().postData()?.includes('grant_type=refresh_token')) {
        renewals.push(response.status());
      }
    });
    await app.waitForServiceWorker();
    await context.setOffline(true);
    // The tab slept past the token's expiry.
    const { key } = await storedUser(page);
    await page.evaluate((storageKey) => {
      const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Record<string, unknown>;
      sessionStorage.setItem(storageKey, JSON.stringify({ ...stored, expires_at: Math.floor(Date.now() / 1000) - 60 }));
    }, key);

    await page.reload();
    await expectSignedInApp(app);
    await expect(page.getByText('Your session has expired')).toHaveCount(0);

    // Back online: the refresh token gets a new access token without any click, and the API answers.
    await context.setOffline(false);
    await expect.poll(async () => (await storedUser(page)).expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(renewals).toContain(200);
    expect(renewals.filter((status) => status !== 200)).toEqual([]);
    await expect(app.account).toContainText(`Signed in as ${user}`);
    await app.add('after reconnecting');
    await expect(app.labels).toHaveText(['after reconnecting']);
  });
});
