/**
 * Two devices of one user (two browser contexts, each signed in as the same user):
 * what one does shows on the other at its next poll of the change feed, with no
 * reload and no full-list request after the first load; and a conflict resolves as
 * decision 043 says (field-level last writer wins, a delete wins). How soon a change
 * shows (within 5 s) is measured by `npm run bench`, not here.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test, TodoApp } from './fixtures';
import { AFTER_NEXT_POLL } from './windows';

const FRESH = AFTER_NEXT_POLL;

/** A second device: its own browser context (own storage and IndexedDB), signed in as `user`. */
async function secondDevice(browser: Browser, user: string, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  const app = new TodoApp(await context.newPage());
  await app.signInWithSession(user);
  return { context, app };
}

/** Counts `todos.list` requests and navigations of a page from now on. */
function watch(page: Page) {
  const seen = { lists: 0, navigations: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.includes('todos.list')) seen.lists++;
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.navigations++;
  });
  return seen;
}

test('add, toggle, rename and delete on one device show on the other at its next poll, without reload or list request', async ({ app, browser, user, baseURL }) => {
  const other = await secondDevice(browser, user, baseURL);
  const b = other.app;
  const seen = watch(b.page);

  await app.add('from A');
  await expect(b.labels).toHaveText(['from A'], FRESH);

  await app.afterResponse('todos.update', () => app.toggle('from A').check());
  await expect(b.item('from A')).toHaveClass('completed', FRESH);

  await app.item('from A').locator('label').dblclick();
  await app.page.locator('input.edit').fill('renamed on A');
  await app.afterResponse('todos.update', () => app.page.locator('input.edit').press('Enter'));
  await expect(b.labels).toHaveText(['renamed on A'], FRESH);

  await app.item('renamed on A').hover();
  await app.afterResponse('todos.delete', () => app.item('renamed on A').locator('button.destroy').click());
  await expect(b.items).toHaveCount(0, FRESH);

  // And the other way round.
  await b.add('from B');
  await expect(app.labels).toHaveText(['from B'], FRESH);

  expect(seen).toEqual({ lists: 0, navigations: 0 });
  await expect(b.syncStatus).toHaveText('All changes saved');
  await other.context.close();
});

test('a conflict: both devices edit one todo; the other fields stay, this device’s change wins, and it says so', async ({ app, browser, user, baseURL, userApi }) => {
  const other = await secondDevice(browser, user, baseURL);
  const b = other.app;
  await app.add('shared');
  await expect(b.labels).toHaveText(['shared'], FRESH);

  // B is offline while A renames the todo; B then completes its (older) copy.
  await other.context.setOffline(true);
  await app.item('shared').locator('label').dblclick();
  await app.page.locator('input.edit').fill('renamed on A');
  await app.afterResponse('todos.update', () => app.page.locator('input.edit').press('Enter'));
  await b.toggle('shared').check();
  await expect(b.syncStatus).toHaveText('Offline — 1 change waiting');

  await other.context.setOffline(false);
  // Back online, B sends at once; its stale version is refused (409) and its change sent again.
  await expect(b.errorBanner).toHaveText(/“shared” was also changed on another device; your change was applied\./);
  await expect(b.labels).toHaveText(['renamed on A'], FRESH);
  await expect(b.item('renamed on A')).toHaveClass('completed');
  await expect(app.item('renamed on A')).toHaveClass('completed', FRESH);
  expect(await userApi.list()).toEqual([expect.objectContaining({ name: 'renamed on A', status: 'completed', version: 3 })]);
  await other.context.close();
});

test('a delete wins over an offline edit of the same todo, with a notice', async ({ app, browser, user, baseURL, userApi }) => {
  const other = await secondDevice(browser, user, baseURL);
  const b = other.app;
  await app.add('doomed', 'kept');
  await expect(b.labels).toHaveText(['doomed', 'kept'], FRESH);

  await other.context.setOffline(true);
  await app.item('doomed').hover();
  await app.afterResponse('todos.delete', () => app.item('doomed').locator('button.destroy').click());
  await b.toggle('doomed').check();
  await other.context.setOffline(false);

  await expect(b.errorBanner).toContainText('“doomed” was deleted on another device; your change to it was dropped.');
  await expect(b.labels).toHaveText(['kept']);
  expect((await userApi.list()).map((todo) => todo.name)).toEqual(['kept']);
  await other.context.close();
});
