/**
 * What the server adds to TodoMVC: a loading state, a load error with retry,
 * exactly one request per user action (no refetch after writes), and rollback
 * plus a visible error when the server refuses a write (a todo deleted elsewhere:
 * decision 043).
 */
import type { Request, Route } from '@playwright/test';
import { expect, SERVICE_UNAVAILABLE_ERROR, test } from './fixtures';
import { AFTER_LOAD_RETRIES } from './windows';

/** The one fake in these tests: a failing network response, shaped like tRPC's batch error. */
function fail500(route: Route): Promise<void> {
  return route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify([
      { error: { message: 'boom', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } },
    ]),
  });
}

// A first visit: no local copy in this browser yet (later visits open from IndexedDB).
test.describe('first load', () => {
  test('shows a loading state until the list arrives', async ({ app, page, userApi }) => {
    await userApi.create(['already stored']);
    await app.forgetLocalCopy();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/trpc/todos.list**', async (route) => {
      await released;
      await route.continue();
    });

    await page.goto('/');
    await expect(app.loading).toHaveText('Loading…');
    await expect(app.main).toHaveCount(0);
    await expect(app.footer).toHaveCount(0);

    release();
    await expect(app.labels).toHaveText(['already stored']);
    await expect(app.loading).toHaveCount(0);
  });

  test('shows an error with a Retry button that loads the list', async ({ app, page, userApi }) => {
    await userApi.create(['stored earlier']);
    await app.forgetLocalCopy();
    let failLoads = true;
    await page.route('**/trpc/todos.list**', async (route) => {
      if (!failLoads) return route.continue();
      // As the API answers: an array for a batch, the error itself for a call sent alone (list pages, decision 101).
      const batched = new URL(route.request().url()).searchParams.get('batch') === '1';
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(batched ? [SERVICE_UNAVAILABLE_ERROR] : SERVICE_UNAVAILABLE_ERROR) });
    });

    await page.goto('/');
    // TanStack Query retries (LIST_LOAD_RETRIES) before the collection gives up.
    const loadError = page.locator('.load-error[role=alert]');
    await expect(loadError).toContainText('Could not load your todos', AFTER_LOAD_RETRIES);
    await expect(loadError).toContainText('the service is unavailable right now');

    failLoads = false;
    await loadError.getByRole('button', { name: 'Retry' }).click();
    await expect(app.labels).toHaveText(['stored earlier']);
    await expect(loadError).toHaveCount(0);
  });
});

test.describe('requests', () => {
  test('one POST per action and no list refetch after writes', async ({ app, page }) => {
    const calls: { method: string; path: string; body: string | null }[] = [];
    const record = (request: Request) => {
      const url = new URL(request.url());
      // The change feed's polls come every few seconds whatever the user does.
      if (url.pathname.startsWith('/trpc/') && !url.pathname.includes('sync.changes')) {
        calls.push({ method: request.method(), path: url.pathname.slice('/trpc/'.length), body: request.postData() });
      }
    };
    page.on('request', record);

    /** Performs an action and returns the API calls it caused once they settled. */
    async function callsOf(procedure: string, action: () => Promise<unknown>) {
      calls.length = 0;
      await app.afterResponse(procedure, action);
      await page.waitForTimeout(500); // room for any follow-up request (e.g. a refetch) to show up
      return calls.map(({ method, path, body }) => ({ method, path, body: body === null ? null : (JSON.parse(body) as unknown) }));
    }
    const itemsIn = (body: unknown) => (body as Record<string, { items?: unknown[]; ids?: unknown[] }>)['0'];

    for (const name of ['a', 'b', 'c']) {
      const add = await callsOf('todos.create', () => app.newTodo.fill(name).then(() => app.newTodo.press('Enter')));
      expect(add).toHaveLength(1);
      expect(add[0]).toMatchObject({ method: 'POST', path: 'todos.create' });
      expect(itemsIn(add[0]?.body)?.items).toEqual([expect.objectContaining({ name, status: 'pending' })]);
    }

    const toggleAll = await callsOf('todos.update', () => page.locator('label[for=toggle-all]').click());
    expect(toggleAll).toHaveLength(1);
    expect(toggleAll[0]).toMatchObject({ method: 'POST', path: 'todos.update' });
    expect(itemsIn(toggleAll[0]?.body)?.items).toHaveLength(3);

    const toggle = await callsOf('todos.update', () => app.toggle('a').uncheck());
    expect(toggle).toHaveLength(1);
    expect(toggle[0]).toMatchObject({ method: 'POST', path: 'todos.update' });
    expect(itemsIn(toggle[0]?.body)?.items).toHaveLength(1);

    const clear = await callsOf('todos.delete', () => app.clearCompleted.click());
    expect(clear).toHaveLength(1);
    expect(clear[0]).toMatchObject({ method: 'POST', path: 'todos.delete' });
    expect(itemsIn(clear[0]?.body)?.ids).toHaveLength(2);

    await expect(app.labels).toHaveText(['a']);
    page.off('request', record);
  });
});

test.describe('failed writes', () => {
  test('a write the server answers with 500 is rolled back and explained', async ({ app, page }) => {
    await app.add('stays pending');
    // Hold the request, so the optimistic state can be seen before the failure arrives.
    let arrived!: (route: Route) => void;
    const updateArrived = new Promise<Route>((resolve) => (arrived = resolve));
    await page.route('**/trpc/todos.update**', (route) => arrived(route));

    await app.toggle('stays pending').check();
    // Optimistic: the row is completed while the request is in flight.
    await expect(app.item('stays pending')).toHaveClass('completed');
    await fail500(await updateArrived);

    await expect(app.item('stays pending')).not.toHaveClass('completed');
    await expect(app.toggle('stays pending')).not.toBeChecked();
    await expect(app.count).toHaveText('1 item left');
    await expect(app.errorBanner).toContainText('boom');
    await expect(app.errorBanner).toContainText('Your change was undone');

    await app.errorBanner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(app.errorBanner).toHaveCount(0);
  });

  test('a todo deleted elsewhere: an edit that races the delete is dropped with a notice, and the row goes (decision 043)', async ({ app, page, userApi }) => {
    await app.add('gone on the server', 'untouched');
    // Hold back the change feed, so that the edit is made before this page learns of the delete.
    await page.route('**/trpc/sync.changes**', (route) => route.abort());
    const stored = await userApi.list();
    const target = stored.find((todo) => todo.name === 'gone on the server');
    expect(target).toBeDefined();
    await userApi.mutate('todos.delete', { ids: [target?.id] });

    const response = await app.afterResponse('todos.update', () => app.toggle('gone on the server').click());
    expect(response.status()).toBe(404);

    await expect(app.item('gone on the server')).toHaveCount(0);
    await expect(app.errorBanner).toContainText('was deleted on another device; your change to it was dropped');
    await expect(app.item('untouched')).toBeVisible();

    await app.errorBanner.locator('button.dismiss').click();
    await expect(app.errorBanner).toHaveCount(0);
  });

  test('a rename the server rejects restores the old name', async ({ app, page }) => {
    await app.add('old name');
    await page.route('**/trpc/todos.update**', fail500);
    await app.item('old name').locator('label').dblclick();
    await page.locator('input.edit').fill('new name');
    await page.locator('input.edit').press('Enter');
    await expect(app.labels).toHaveText(['old name']);
    await expect(app.errorBanner).toBeVisible();
  });
});
