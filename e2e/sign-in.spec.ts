/**
 * Sign-in and per-user data in the browser, against the real local identity
 * provider (its sign-in page, code + PKCE, refresh tokens, RP-initiated logout)
 * and the real API, which answers 401 without a valid access token.
 */
import type { Browser, Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { expect, finishSignInAgain, submitSignInPage, test, TodoApp, UserApi } from './fixtures';

const newUser = (label: string) => `e2e-${label}-${uuidv7()}`;

// Signing in is what this file tests: through the app's Sign in and the provider's page.
test.use({ signInThrough: 'page' });

/** A page of its own (own cookies and storage, like another browser) signed in as `user`. */
async function signedInPage(browser: Browser, user: string): Promise<{ app: TodoApp; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const app = new TodoApp(await context.newPage());
  await app.signIn(user);
  return { app, close: () => context.close() };
}

test.describe('signed out', () => {
  test('the page offers only Sign in: no list, no input, no API calls', async ({ page }) => {
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/trpc/')) apiCalls.push(request.url());
    });
    const app = new TodoApp(page);
    await page.goto('/');
    await expect(app.signInButton).toBeVisible();
    await expect(page.getByRole('button')).toHaveCount(1);
    await expect(page.getByRole('status')).toContainText('Sign in to see');
    await expect(app.newTodo).toHaveCount(0);
    await expect(app.items).toHaveCount(0);
    await expect(app.main).toHaveCount(0);
    await expect(app.footer).toHaveCount(0);
    await expect(app.account).toHaveCount(0);
    expect(apiCalls).toEqual([]);
  });

  test("the page's settings (/config.json) are fetched once, by the HTML's preload, which the app's fetch takes (decision 102)", async ({ browser }) => {
    // No service worker: on a first visit it fetches /config.json again once it controls the page.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const configRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/config.json') configRequests.push(request.url());
      });
      await page.goto('/');
      await expect(new TodoApp(page).signInButton).toBeVisible();
      // An unmatched preload shows as a second fetch of the file (initiator `fetch`).
      const fetched = await page.evaluate(() =>
        performance.getEntriesByType('resource').flatMap((entry) => (new URL(entry.name).pathname === '/config.json' ? [(entry as PerformanceResourceTiming).initiatorType] : [])),
      );
      expect(fetched).toEqual(['link']);
      expect(configRequests).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});

test.describe('signing in and out', () => {
  test('signing in shows the name from `me` and the list; signing out returns to signed out and clears the data', async ({ page, user }) => {
    const app = new TodoApp(page);
    // config.json names the provider's endpoints: no discovery document on the way to the
    // provider, on the way back, or at sign-out (decision 102).
    const discoveryRequests: string[] = [];
    page.context().on('request', (request) => {
      if (request.url().includes('/.well-known/openid-configuration')) discoveryRequests.push(request.url());
    });
    // Back from the provider, the code exchange goes out in the task that first renders the page,
    // not from an effect a frame later (decision 102): the page notes, when the exchange is sent,
    // whether a task has run since that first render.
    await page.addInitScript(() => {
      const state = { afterFirstRender: false, exchanges: [] as boolean[] };
      Object.assign(window, { signInTrace: state });
      new MutationObserver((_records, observer) => {
        if (!document.getElementById('root')?.hasChildNodes()) return;
        observer.disconnect();
        setTimeout(() => (state.afterFirstRender = true), 0);
      }).observe(document, { childList: true, subtree: true });
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => {
        if (init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'authorization_code') state.exchanges.push(state.afterFirstRender);
        return original(input, init);
      };
    });
    const me = page.waitForResponse((r) => new URL(r.url()).pathname.split('/').pop()?.split(',').includes('me') ?? false);
    await app.signIn(user);
    expect((await me).status()).toBe(200);
    expect(await page.evaluate(() => (window as unknown as { signInTrace: { exchanges: boolean[] } }).signInTrace.exchanges)).toEqual([false]);
    await expect(app.account).toContainText(`Signed in as ${user}`);
    await expect(app.signOutButton).toBeVisible();
    // The URL is back to the app root: no code or state left in it or in history.
    expect(new URL(page.url()).search).toBe('');

    await app.add('mine');
    await app.newTodo.fill('half-typed draft');

    await app.signOut();
    await expect(app.items).toHaveCount(0);
    await expect(app.newTodo).toHaveCount(0);
    await expect(app.account).toHaveCount(0);
    // Nothing of the user is left in the tab's storage: no tokens, no drafts.
    const stored = await page.evaluate(() => Object.keys(sessionStorage));
    expect(stored.filter((key) => key.startsWith('oidc.user') || key.startsWith('todos.draft'))).toEqual([]);

    // The provider's session ended too: signing in again asks who you are.
    await app.signInButton.click();
    await expect(page.getByLabel('User name')).toBeVisible();
    await submitSignInPage(page, user);
    await app.waitForList();
    await expect(app.labels).toHaveText(['mine']);
    await expect(app.newTodo).toHaveValue('');
    expect(discoveryRequests).toEqual([]);
  });

  test('two users in two browsers see only their own todos', async ({ browser }) => {
    const [alice, bob] = [newUser('alice'), newUser('bob')];
    const a = await signedInPage(browser, alice);
    const b = await signedInPage(browser, bob);
    try {
      await a.app.add('alice only');
      await b.app.add('bob only');
      await expect(a.app.labels).toHaveText(['alice only']);
      await expect(b.app.labels).toHaveText(['bob only']);
      // From the server, not just from each page's memory.
      await a.app.page.reload();
      await b.app.page.reload();
      await expect(a.app.labels).toHaveText(['alice only']);
      await expect(b.app.labels).toHaveText(['bob only']);
      await expect(a.app.account).toContainText(alice);
      await expect(b.app.account).toContainText(bob);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("switching users on one page never shows a row of the previous user, not even for a frame", async ({ app, page, user, request, baseURL }) => {
    const other = newUser('next');
    await new UserApi(request, other, baseURL ?? '').create(['next user, stored']);
    await app.add('previous user, secret 1', 'previous user, secret 2');

    // Every todo label that is ever put into the DOM, in every document of this page
    // from now on, reported synchronously from a MutationObserver (before any paint).
    const seen: string[] = [];
    await page.exposeFunction('__reportLabels', (labels: string[]) => seen.push(...labels));
    await page.addInitScript(() => {
      const report = (window as unknown as { __reportLabels: (labels: string[]) => void }).__reportLabels;
      new MutationObserver(() => {
        const labels = [...document.querySelectorAll('ul.todo-list label')].map((label) => label.textContent);
        if (labels.length > 0) report(labels);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });

    await app.signOut();
    await app.signInButton.click();
    await submitSignInPage(page, other);
    await app.waitForList();
    await expect(app.labels).toHaveText(['next user, stored']);
    await expect(app.account).toContainText(other);
    await app.add('next user, added');

    expect(seen).toContain('next user, stored'); // the observer did watch the new user's list
    expect(seen).toContain('next user, added');
    expect(seen.filter((label) => label.startsWith('previous user'))).toEqual([]);
    expect(user).not.toBe(other);
  });

  test('the filter in the URL is kept across the sign-in round trip', async ({ page, user, userApi }) => {
    await userApi.create(['active one', 'done one']);
    const [, done] = await userApi.list();
    await userApi.mutate('todos.update', { items: [{ id: done?.id, changes: { status: 'completed' } }] });

    const app = new TodoApp(page);
    await page.goto('/#/active');
    await app.signInButton.click();
    await submitSignInPage(page, user);
    await app.waitForList();
    await expect(page).toHaveURL(/\/#\/active$/);
    await expect(page.locator('ul.filters a.selected')).toHaveText('Active');
    await expect(app.labels).toHaveText(['active one']);
  });
});

test.describe('session expiry', () => {
  /** From now on, the page's `procedure` calls reach the real API with an invalid token: it answers 401. */
  async function expireTokenFor(page: Page, procedure: string): Promise<() => Promise<void>> {
    const pattern = `**/trpc/${procedure}**`;
    await page.route(pattern, (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired-session' } }),
    );
    return () => page.unroute(pattern);
  }

  test('a write refused with 401 is rolled back, the app asks to sign in, and the typed text survives signing in again', async ({ app, page, user, userApi }) => {
    await app.add('already stored');
    const restore = await expireTokenFor(page, 'todos.create');

    const response = await app.afterResponse('todos.create', () =>
      app.newTodo.fill('typed before expiry').then(() => app.newTodo.press('Enter')),
    );
    expect(response.status()).toBe(401);
    await expect(app.labels).toHaveText(['already stored']); // rolled back
    await expect(app.errorBanner).toContainText('session has expired');
    await expect(app.errorBanner).toContainText('Your change was undone');
    const signInAgain = app.errorBanner.getByRole('button', { name: 'Sign in' });
    await expect(signInAgain).toBeVisible();
    await expect(app.newTodo).toHaveValue('typed before expiry'); // put back at once

    await restore();
    await signInAgain.click();
    await finishSignInAgain(app, user);
    await expect(app.newTodo).toHaveValue('typed before expiry'); // and across the redirect
    await expect(app.errorBanner).toHaveCount(0);
    await expect(app.labels).toHaveText(['already stored']);

    await app.afterResponse('todos.create', () => app.newTodo.press('Enter'));
    await expect(app.labels).toHaveText(['already stored', 'typed before expiry']);
    await expect(app.newTodo).toHaveValue('');
    expect((await userApi.list()).map((todo) => todo.name)).toEqual(['already stored', 'typed before expiry']);
  });

  test('a rename refused with 401 reopens with its text after signing in again', async ({ app, page, user }) => {
    await app.add('old name');
    const restore = await expireTokenFor(page, 'todos.update');
    await app.item('old name').locator('label').dblclick();
    await page.locator('input.edit').fill('new name, typed before expiry');
    const response = await app.afterResponse('todos.update', () => page.locator('input.edit').press('Enter'));
    expect(response.status()).toBe(401);
    await expect(app.labels).toHaveText(['old name']);

    await restore();
    await app.errorBanner.getByRole('button', { name: 'Sign in' }).click();
    await finishSignInAgain(app, user);
    await expect(page.locator('input.edit')).toHaveValue('new name, typed before expiry');
    await expect(page.locator('input.edit')).toBeFocused();
    await app.afterResponse('todos.update', () => page.locator('input.edit').press('Enter'));
    await expect(app.labels).toHaveText(['new name, typed before expiry']);
  });

  test('a load refused with 401 says the session expired and offers Sign in instead of Retry', async ({ app, page, user }) => {
    await app.add('kept on the server');
    const restore = await expireTokenFor(page, 'todos.list');
    await app.forgetLocalCopy(); // with a local copy there would be no list request to refuse
    await page.goto('/');
    const loadError = page.locator('.load-error[role=alert]');
    await expect(loadError).toContainText('Your session has expired, sign in again');
    await expect(loadError.getByRole('button', { name: 'Retry' })).toHaveCount(0);

    await restore();
    await loadError.getByRole('button', { name: 'Sign in' }).click();
    await finishSignInAgain(app, user);
    await expect(app.labels).toHaveText(['kept on the server']);
  });
});
