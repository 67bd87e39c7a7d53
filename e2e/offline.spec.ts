/**
 * Offline (`context.setOffline`) and with the API unreachable: changes stay applied
 * and pending (counted in the status line), survive a reload, and on reconnect the
 * server ends with exactly the local state — no duplicates, nothing lost.
 */
import { answerServiceUnavailable, expect, test, TodoApp } from './fixtures';

/**
 * How many writes the page's local copy holds for sending. A change survives a reload once
 * stored there, a few milliseconds after the click; the tests wait for that instead of racing it.
 */
const storedOutbox = async (app: TodoApp) => (await app.localCopy())?.outbox ?? 0;

test.describe('with the app shell kept by the service worker', () => {
  // The offline reload below opens the page from the worker's cache (the config blocks workers elsewhere).
  test.use({ serviceWorkers: 'allow' });

  test('add, toggle and delete offline, then reconnect: the server ends with exactly the local state', async ({ app, page, context, browser, user, baseURL, userApi }) => {
    await app.add('kept', 'to toggle', 'to delete');
    await app.waitForServiceWorker();
    await context.setOffline(true);

    await app.newTodo.fill('added offline');
    await app.newTodo.press('Enter');
    await app.toggle('to toggle').check();
    await app.item('to delete').hover();
    await app.item('to delete').locator('button.destroy').click();
    await expect(app.syncStatus).toHaveText('Offline — 3 changes waiting');
    await expect(app.labels).toHaveText(['kept', 'to toggle', 'added offline']);
    await expect(app.item('added offline')).toHaveAttribute('aria-busy', 'true');
    await expect(app.errorBanner).toHaveCount(0);
    await expect.poll(() => storedOutbox(app)).toBe(3);

    // The service worker serves the app shell (decision 044), IndexedDB the list and the outbox.
    await test.step('reload while still offline: the list and the waiting changes are still there', async () => {
      await page.reload();
      await app.waitForList();
      await expect(app.labels).toHaveText(['kept', 'to toggle', 'added offline']);
      await expect(app.item('to toggle')).toHaveClass('completed');
      await expect(app.syncStatus).toHaveText('Offline — 3 changes waiting');
    });

    await context.setOffline(false);
    await expect(app.syncStatus).toHaveText('All changes saved');
    await expect(app.items.locator('[aria-busy]')).toHaveCount(0);
    const stored = await userApi.list();
    expect(stored.map(({ name, status }) => `${name}:${status}`)).toEqual(['kept:pending', 'to toggle:completed', 'added offline:pending']);

    // Another device of the same user sees exactly that.
    const other = await browser.newContext({ baseURL });
    const b = new TodoApp(await other.newPage());
    await b.signInWithSession(user);
    await expect(b.labels).toHaveText(['kept', 'to toggle', 'added offline']);
    await other.close();
  });
});

test('changes made while the API is unreachable survive a reload and are sent once it answers', async ({ app, page, userApi }) => {
  await app.add('stored first');
  // The page loads, the API does not answer (network error on every API call).
  await page.route('**/trpc/todos.{create,update,delete,changes}**', (route) => route.abort('internetdisconnected'));
  await app.newTodo.fill('written while unreachable');
  await app.newTodo.press('Enter');
  await app.toggle('stored first').check();
  await expect(app.syncStatus).toHaveText('Offline — 2 changes waiting');
  await expect.poll(() => storedOutbox(app)).toBe(2);

  const lists: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('todos.list')) lists.push(request.url());
  });
  await page.reload();
  await app.waitForList();
  // Opened from IndexedDB: the list and the waiting changes, without asking for the list.
  await expect(app.labels).toHaveText(['stored first', 'written while unreachable']);
  await expect(app.item('stored first')).toHaveClass('completed');
  await expect(app.item('written while unreachable')).toHaveAttribute('aria-busy', 'true');
  await expect(app.syncStatus).toHaveText(/2 changes waiting/);
  expect(lists).toEqual([]);

  await page.unroute('**/trpc/todos.{create,update,delete,changes}**');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(app.syncStatus).toHaveText('All changes saved');
  expect((await userApi.list()).map(({ name, status }) => `${name}:${status}`)).toEqual([
    'stored first:completed',
    'written while unreachable:pending',
  ]);
});

test.describe(() => {
  // Signs out of a session that began on the provider's page, as a person's does.
  test.use({ signInThrough: 'page' });

  test('sign-out deletes the local copy', async ({ app, page }) => {
    await app.add('private');
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').sort());
    expect(databases).toEqual([expect.stringMatching(/^lists:/), expect.stringMatching(/^todos:/)]);
    await app.signOut();
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual([]);
  });

  test('with a change not sent yet, Sign out asks first; Cancel keeps the session and the change', async ({ app, page }) => {
    await app.add('saved');
    // The API refuses adds for now (503): the next one waits in the outbox.
    await page.route('**/trpc/todos.create**', (route) => answerServiceUnavailable(route));
    await app.newTodo.fill('not sent');
    await app.newTodo.press('Enter');
    await expect(app.syncStatus).toHaveText('Server unavailable — 1 change waiting');

    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await app.signOutButton.click();
    await expect.poll(() => asked).toEqual(['confirm: 1 change is not saved yet. Signing out deletes it from this device. Sign out anyway?']);
    await expect(app.account).toBeVisible();
    await expect(app.labels).toHaveText(['saved', 'not sent']);
    await expect.poll(async () => (await app.localCopy())?.outbox).toBe(1);

    // Asked again and confirmed: signed out, and nothing of the account stays in the browser.
    page.once('dialog', (dialog) => void dialog.accept());
    await app.signOutButton.click();
    await expect(app.signInButton).toBeVisible();
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual([]);
  });

  test('signing out with no network signs out of the tab and shows the signed-out page, not an error page', async ({ app, page, context }) => {
    await app.add('kept on the server');
    await context.setOffline(true);
    await app.signOutButton.click();
    await expect(app.signInButton).toBeVisible();
    await expect(app.account).toHaveCount(0);
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual([]);
    await context.setOffline(false);
  });
});
