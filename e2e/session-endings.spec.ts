/**
 * What of a user stays in the browser when their session ends, however it ends
 * (decision 065), against the real identity provider and Chromium's IndexedDB:
 * a renewal the provider refuses ends the session here, deletes the local copy of the
 * list and keeps the unsent writes for the same user's next sign-in; another account
 * signing in deletes the previous account's copy unless it is still signed in in another
 * tab; "This is a shared computer" keeps nothing in the browser. Sign-out deleting
 * everything is in offline.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, finishSignInAgain, submitSignInPage, test, TodoApp } from './fixtures';

// Sessions that end and begin again, with the provider's own session: real sign-ins through the page.
test.use({ signInThrough: 'page' });

/** Makes the tab's stored session expired, as if the tab had slept past the access token's hour. */
async function expireStoredSession(page: Page): Promise<void> {
  await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
    if (!key) throw new Error('no stored session');
    const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { expires_at?: number };
    user.expires_at = Math.floor(Date.now() / 1000) - 60;
    sessionStorage.setItem(key, JSON.stringify(user));
  });
}

/** From now on the identity provider refuses every refresh token, as it does once one is revoked or expired. */
async function refuseRefreshTokens(page: Page): Promise<() => Promise<void>> {
  const isTokenEndpoint = (url: URL) => url.pathname === '/token';
  await page.route(isTokenEndpoint, (route) =>
    route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'invalid_grant', error_description: 'grant request is invalid' }) }),
  );
  return () => page.unroute(isTokenEndpoint);
}

test('a refused renewal ends the session: the list goes, the unsent change stays and is sent after signing in again', async ({ app, page, context, user, userApi }) => {
  await app.add('stored');
  await context.setOffline(true);
  await app.newTodo.fill('written offline');
  await app.newTodo.press('Enter');
  await expect.poll(async () => (await app.localCopy())?.outbox).toBe(1);
  expect(await app.localCopy()).toEqual({ rows: 1, outbox: 1, cursor: true });

  await expireStoredSession(page);
  const acceptAgain = await refuseRefreshTokens(page);
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByRole('status')).toHaveText(
    'Your session has expired. Sign in again to send the 1 change not saved yet; until then they are kept on this device.',
  );
  await expect(app.newTodo).toHaveCount(0);
  await expect.poll(() => app.localCopy()).toEqual({ rows: 0, outbox: 1, cursor: false });

  await acceptAgain();
  await app.signInButton.click();
  await finishSignInAgain(app, user);
  await expect(app.labels).toHaveText(['stored', 'written offline']);
  await expect(app.syncStatus).toHaveText('All changes saved');
  expect((await userApi.list()).map((todo) => todo.name)).toEqual(['stored', 'written offline']);
});

test('a renewal refused while the list is open signs the user out of the tab and deletes the list', async ({ app, page }) => {
  await app.add('private');
  await expireStoredSession(page);
  await refuseRefreshTokens(page);
  // The next API request renews first (the change feed polls every few seconds): refused.
  await expect(page.getByRole('status')).toHaveText('Your session has expired. Sign in again to see your todos.', { timeout: 15_000 });
  await expect(app.items).toHaveCount(0);
  await expect.poll(() => app.localCopies()).toEqual([]);
});

test.describe('another account in the same browser profile', () => {
  /** Ends the provider's session too (its cookie), so that "Sign in" asks who you are. */
  async function signInAnotherAccount(page: Page, other: string): Promise<TodoApp> {
    await page.context().clearCookies();
    const app = new TodoApp(page);
    await page.goto('/');
    await app.signInButton.click();
    await submitSignInPage(page, other);
    await app.waitForList();
    return app;
  }

  test("deletes the previous account's copy, unsent changes included, once its tab is closed", async ({ app, page, context, user }) => {
    await app.add('first account');
    await context.setOffline(true);
    await app.newTodo.fill('first account, not sent');
    await app.newTodo.press('Enter');
    await expect.poll(async () => (await app.localCopy())?.outbox).toBe(1);
    await context.setOffline(false);
    // The tab is closed without signing out (its session lived in that tab only).
    const next = await context.newPage();
    await page.close();

    const other = await signInAnotherAccount(next, `${user}-other`);
    await other.add('second account');
    await expect.poll(() => other.localCopies()).toEqual([expect.stringMatching(new RegExp(`^todos:.*${user}-other$`))]);
  });

  test('keeps the copy of an account still signed in in another tab', async ({ app, context, user }) => {
    await app.add('first account');
    const otherTab = await signInAnotherAccount(await context.newPage(), `${user}-other`);
    await otherTab.add('second account');
    await expect.poll(async () => (await otherTab.localCopies()).length).toBe(2);
    // The first tab is still signed in and working.
    await app.add('first account, still here');
    expect(await app.localCopy(user)).toMatchObject({ rows: 2 });
  });
});

test('"This is a shared computer": nothing is kept in the browser, and the choice ends with sign-out', async ({ page, user }) => {
  const app = new TodoApp(page);
  await page.goto('/');
  const shared = page.getByRole('checkbox', { name: 'This is a shared computer' });
  await expect(shared).not.toBeChecked();
  await expect(shared).toHaveAccessibleDescription(/not kept in this browser/);
  await shared.check();
  await app.signInButton.click();
  await submitSignInPage(page, user);
  await app.waitForList();
  await app.add('on a library computer');
  await page.reload();
  await app.waitForList();
  await expect(app.labels).toHaveText(['on a library computer']); // from the server
  expect(await app.localCopies()).toEqual([]);

  await app.signOut();
  await expect(shared).not.toBeChecked();
});
