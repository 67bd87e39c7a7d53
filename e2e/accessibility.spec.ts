/**
 * Accessibility (issue 11, decision 040): no axe-core WCAG 2.1 A/AA violation in
 * any state of the app, and every action works from the keyboard with focus
 * landing somewhere sensible afterwards.
 */
import type { Page, Route } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { answerServiceUnavailable, expect, test, TodoApp } from './fixtures';
import { AFTER_LOAD_RETRIES, AFTER_NEXT_POLL, afterRetryAfter, afterWriteRetry } from './windows';

function fail500(route: Route): Promise<void> {
  return route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify([{ error: { message: 'boom', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } }]),
  });
}

/** Holds matching requests until `release()`; `arrived` resolves with the first one. */
async function holdRequests(page: Page, pattern: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  await page.route(pattern, async (route) => {
    arrived();
    await released;
    await route.continue();
  });
  return { release, arrived: first };
}

async function withTodos(app: TodoApp, ...names: string[]) {
  await app.add(...names);
}

test.describe('axe: WCAG 2.1 A/AA in every state', () => {
  // One test per state or two, so that none takes long on a busy machine.
  test('signed out, then signed in and empty', async ({ page, user }) => {
    const app = new TodoApp(page);
    await page.goto('/');
    await expect(app.signInButton).toBeVisible();
    await expectNoAxeViolations(page, 'signed out');

    await app.signIn(user);
    await expectNoAxeViolations(page, 'signed in, empty');
  });

  test('with todos, some completed, and editing', async ({ app, page }) => {
    await withTodos(app, 'Buy milk', 'Walk the dog', 'Read a book');
    await app.afterResponse('todos.update', () => app.toggle('Walk the dog').check());
    await expectNoAxeViolations(page, 'with todos, some completed');

    await app.toggle('Buy milk').focus();
    await page.keyboard.press('F2');
    await expect(page.locator('input.edit')).toBeFocused();
    await expectNoAxeViolations(page, 'editing');
  });

  for (const [name, hash] of [
    ['Active', '#/active'],
    ['Completed', '#/completed'],
  ] as const) {
    test(`filter ${name}`, async ({ app, page }) => {
      await withTodos(app, 'Buy milk', 'Walk the dog');
      await app.afterResponse('todos.update', () => app.toggle('Walk the dog').check());
      await page.locator('ul.filters a', { hasText: name }).click();
      await expect(page).toHaveURL(new RegExp(`${hash}$`));
      await expectNoAxeViolations(page, `filter ${name}`);
    });
  }

  test('undo offered', async ({ app, page }) => {
    await withTodos(app, 'Buy milk', 'Walk the dog');
    await app.afterResponse('todos.update', () => app.toggle('Walk the dog').check());
    await app.afterResponse('todos.delete', () => app.clearCompleted.click());
    await expect(page.locator('.undo-notice')).toBeVisible();
    await expectNoAxeViolations(page, 'undo offered');
  });

  test('loading', async ({ app, page, userApi }) => {
    await userApi.create(['stored']);
    await app.forgetLocalCopy(); // a first visit: loaded from the network
    const list = await holdRequests(page, '**/trpc/todos.list**');
    await page.goto('/');
    await expect(app.loading).toBeVisible();
    await expect(app.loading).toHaveAttribute('role', 'status');
    await expectNoAxeViolations(page, 'loading');
    list.release();
    await expect(app.labels).toHaveText(['stored']);
  });

  test('saving, then a write error', async ({ app, page }) => {
    await app.add('stored');
    const update = await holdRequests(page, '**/trpc/todos.update**');
    await app.toggle('stored').check();
    await update.arrived;
    await expect(app.item('stored')).toHaveAttribute('aria-busy', 'true');
    await expect(app.item('stored').locator('.saving-mark')).toBeVisible();
    await expectNoAxeViolations(page, 'saving');
    update.release();
    await expect(app.item('stored')).not.toHaveAttribute('aria-busy');

    await page.unroute('**/trpc/todos.update**');
    await page.route('**/trpc/todos.update**', fail500);
    await app.toggle('stored').click(); // not uncheck(): the rollback may land before it looks
    await expect(app.errorBanner).toBeVisible();
    await expectNoAxeViolations(page, 'write error');
  });

  test('load error', async ({ app, page }) => {
    await app.forgetLocalCopy();
    await page.route('**/trpc/todos.list**', (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }));
    await page.goto('/');
    const loadError = page.locator('.load-error[role=alert]');
    await expect(loadError).toContainText('Could not load your todos', AFTER_LOAD_RETRIES);
    await expect(loadError).toContainText('the server sent an answer the app could not read');
    await expect(loadError).not.toContainText('JSON');
    await expectNoAxeViolations(page, 'load error');
    await expect(app.newTodo).toBeVisible();
  });
});

test.describe('keyboard only', () => {
  test('add, toggle, toggle all, filters', async ({ app, page }) => {
    await expect(app.newTodo).toBeFocused();
    await page.keyboard.type('first');
    await app.afterResponse('todos.create', () => page.keyboard.press('Enter'));
    await page.keyboard.type('second');
    await app.afterResponse('todos.create', () => page.keyboard.press('Enter'));
    await expect(app.labels).toHaveText(['first', 'second']);
    await expect(app.newTodo).toBeFocused();

    // Tab: the skip link (decision 066), toggle-all, then the first row's checkbox, Edit and Delete.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the filters' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(app.toggleAll).toBeFocused();
    await page.keyboard.press('Tab');
    const firstToggle = page.getByRole('checkbox', { name: 'first', exact: true });
    await expect(firstToggle).toBeFocused();
    await app.afterResponse('todos.update', () => page.keyboard.press('Space'));
    await expect(app.item('first')).toHaveClass(/completed/);
    await expect(firstToggle).toBeFocused();

    await page.keyboard.press('Shift+Tab');
    await app.afterResponse('todos.update', () => page.keyboard.press('Space'));
    await expect(page.locator('ul.todo-list > li.completed')).toHaveCount(2);
    await app.afterResponse('todos.update', () => page.keyboard.press('Space'));
    await expect(page.locator('ul.todo-list > li.completed')).toHaveCount(0);

    const active = page.getByRole('link', { name: 'Active' });
    await active.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/active$/);
    await expect(active).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('link', { name: 'All' })).not.toHaveAttribute('aria-current');
    await expect(active).toBeFocused();

    // Completing a todo under "Active" removes its row: focus goes to the next row.
    await page.getByRole('checkbox', { name: 'first', exact: true }).focus();
    await app.afterResponse('todos.update', () => page.keyboard.press('Space'));
    await expect(app.labels).toHaveText(['second']);
    await expect(page.getByRole('checkbox', { name: 'second', exact: true })).toBeFocused();
  });

  test('edit with F2 and with the Edit button; Enter and Escape return focus to the row', async ({ app, page }) => {
    await app.add('a', 'b');
    await page.getByRole('checkbox', { name: 'a', exact: true }).focus();
    await page.keyboard.press('F2');
    const edit = page.locator('input.edit');
    await expect(edit).toBeFocused();
    await expect(edit).toHaveValue('a');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('a, renamed');
    await app.afterResponse('todos.update', () => page.keyboard.press('Enter'));
    await expect(app.labels).toHaveText(['a, renamed', 'b']);
    const editA = page.getByRole('button', { name: 'Edit a, renamed' });
    await expect(editA).toBeFocused();
    await expect(editA).toBeVisible();

    // The Edit button opens the editor; Escape cancels and returns focus.
    await page.keyboard.press('Enter');
    await expect(edit).toBeFocused();
    await page.keyboard.type(' (discarded)');
    await page.keyboard.press('Escape');
    await expect(app.labels).toHaveText(['a, renamed', 'b']);
    await expect(editA).toBeFocused();
  });

  test('delete moves focus to the next row, then the input; Delete shows on focus', async ({ app, page }) => {
    await app.add('one', 'two');
    const deleteOne = page.getByRole('button', { name: 'Delete one' });
    await page.getByRole('checkbox', { name: 'one', exact: true }).focus();
    await page.keyboard.press('Tab'); // Edit
    await page.keyboard.press('Tab'); // Delete
    await expect(deleteOne).toBeFocused();
    await expect(deleteOne).toBeVisible();
    expect(await deleteOne.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await app.afterResponse('todos.delete', () => page.keyboard.press('Enter'));
    await expect(app.labels).toHaveText(['two']);
    await expect(page.getByRole('checkbox', { name: 'two', exact: true })).toBeFocused();

    await page.getByRole('button', { name: 'Delete two' }).focus();
    await app.afterResponse('todos.delete', () => page.keyboard.press('Enter'));
    await expect(app.items).toHaveCount(0);
    await expect(app.newTodo).toBeFocused();
  });

  test('clear completed moves focus to Undo; undo, then focus on the input', async ({ app, page }) => {
    await app.add('done', 'open');
    await app.afterResponse('todos.update', () => app.toggle('done').check());
    await app.clearCompleted.focus();
    await app.afterResponse('todos.delete', () => page.keyboard.press('Enter'));
    await expect(app.labels).toHaveText(['open']);
    // The button is gone: focus is on the Undo it offers (decision 066), described by the message.
    const undo = page.getByRole('button', { name: 'Undo' });
    await expect(undo).toBeFocused();
    await expect(undo).toHaveAccessibleDescription('Cleared 1 todo.');
    await expect(page.getByTestId('announcer')).toContainText('Cleared 1 todo');

    await app.afterResponse('todos.create', () => page.keyboard.press('Enter'));
    await expect(app.labels).toHaveText(['done', 'open']);
    await expect(app.item('done')).toHaveClass(/completed/);
    await expect(app.newTodo).toBeFocused();
  });

  test('dismiss and retry in the error banner', async ({ app, page }) => {
    await app.add('x');
    await page.route('**/trpc/todos.update**', fail500, { times: 1 });
    await page.getByRole('checkbox', { name: 'x', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect(app.errorBanner).toContainText('Could not mark “x” as completed');
    const retry = app.errorBanner.getByRole('button', { name: 'Retry' });
    await retry.focus();
    await app.afterResponse('todos.update', () => page.keyboard.press('Enter'));
    await expect(app.item('x')).toHaveClass(/completed/);
    await expect(app.newTodo).toBeFocused();

    await page.route('**/trpc/todos.update**', fail500, { times: 1 });
    await app.toggle('x').click();
    await expect(app.errorBanner).toBeVisible();
    await app.errorBanner.getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    await expect(app.errorBanner).toHaveCount(0);
    await expect(app.newTodo).toBeFocused();
  });

  test.describe(() => {
    // Signs out of a session that began on the provider's page, as a person's does.
    test.use({ signInThrough: 'page' });

    test('sign out and sign in from the keyboard', async ({ app, page, user }) => {
      await app.signOutButton.focus();
      await page.keyboard.press('Enter');
      await expect(app.signInButton).toBeVisible();
      await app.signInButton.focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('User name').fill(user);
      await page.getByLabel('User name').press('Enter');
      await app.waitForList();
      await expect(app.newTodo).toBeFocused();
    });
  });

  test('focus is visible in forced-colours mode', async ({ app, page }) => {
    await app.add('a');
    await page.emulateMedia({ forcedColors: 'active' });
    await page.getByRole('checkbox', { name: 'a', exact: true }).focus();
    await page.keyboard.press('Tab');
    const outline = await page
      .getByRole('button', { name: 'Edit a' })
      .evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: getComputedStyle(el).outlineWidth }));
    expect(outline.style).toBe('solid');
    expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
  });
});

test.describe('screen readers', () => {
  test('names, current filter, announcements, repeated errors', async ({ app, page }) => {
    await app.add('Buy milk');
    const announcer = page.getByTestId('announcer');
    await expect(announcer).toContainText('Added “Buy milk”.');
    await expect(page.getByRole('checkbox', { name: 'Buy milk', exact: true })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Mark all as complete', exact: true })).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'All' })).toHaveAttribute('aria-current', 'page');

    await app.afterResponse('todos.update', () => app.toggle('Buy milk').check());
    await expect(announcer).toContainText('“Buy milk” completed. 0 items left.');

    await page.route('**/trpc/todos.update**', fail500);
    await app.toggle('Buy milk').click();
    await expect(app.errorBanner).toContainText('“Buy milk”');
    const first = await app.errorBanner.elementHandle();
    expect(first).not.toBeNull();
    await app.toggle('Buy milk').click();
    // The same error again is a new alert element, so it is announced again.
    await expect.poll(async () => first.evaluate((el) => el.isConnected)).toBe(false);
    await expect(app.errorBanner).toHaveCount(1);
  });
});

test.describe('honest feedback while saving', () => {
  test('a slow add is marked as saving until stored', async ({ app, page }) => {
    const create = await holdRequests(page, '**/trpc/todos.create**');
    await app.newTodo.fill('slow');
    await app.newTodo.press('Enter');
    await create.arrived;
    await expect(app.item('slow')).toHaveAttribute('aria-busy', 'true');
    await expect(app.item('slow').locator('.saving-mark')).toBeVisible();
    create.release();
    await expect(app.item('slow')).not.toHaveAttribute('aria-busy');
    await expect(app.item('slow').locator('.saving-mark')).toHaveCount(0);
  });

  test('a failed add keeps the text in the input and names the todo', async ({ app, page }) => {
    await page.route('**/trpc/todos.create**', fail500);
    await app.newTodo.fill('Call the bank');
    await app.newTodo.press('Enter');
    await expect(app.errorBanner).toContainText('Could not add “Call the bank”');
    await expect(app.items).toHaveCount(0);
    await expect(app.newTodo).toHaveValue('Call the bank');
  });

  test('a failed rename names both names; Retry reopens the editor with the new name, focused, and Enter sends it', async ({ app, page }) => {
    await app.add('old name');
    await page.route('**/trpc/todos.update**', fail500, { times: 1 });
    await app.item('old name').locator('label').dblclick();
    await page.locator('input.edit').fill('new name');
    await page.locator('input.edit').press('Enter');
    await expect(app.errorBanner).toContainText('Could not rename “old name” to “new name”');
    await expect(app.labels).toHaveText(['old name']);
    await app.errorBanner.getByRole('button', { name: 'Retry' }).click();
    await expect(page.locator('input.edit')).toBeFocused();
    await expect(page.locator('input.edit')).toHaveValue('new name');
    await app.afterResponse('todos.update', () => page.locator('input.edit').press('Enter'));
    await expect(app.labels).toHaveText(['new name']);
  });

  test('503 is retried (same id, no duplicate) and says so meanwhile', async ({ app, page, userApi }) => {
    let calls = 0;
    await page.route('**/trpc/todos.create**', async (route) => {
      if (++calls > 1) return route.continue();
      return answerServiceUnavailable(route, { 'retry-after': '1' });
    });
    await app.newTodo.fill('eventually');
    await app.newTodo.press('Enter');
    await expect(app.syncStatus).toHaveText('Server unavailable — 1 change waiting');
    await expectNoAxeViolations(page, 'change waiting');
    await expect(app.item('eventually')).not.toHaveAttribute('aria-busy', afterRetryAfter(1));
    await expect(app.syncStatus).toHaveText('All changes saved');
    expect(calls).toBe(2);
    await expect(app.errorBanner).toHaveCount(0);
    expect((await userApi.list()).map((todo) => todo.name)).toEqual(['eventually']);
  });

  test('503 that lasts: the add stays, pending and counted, and is sent once the API is back', async ({ app, page, userApi }) => {
    let attempts = 0;
    const unavailable = (route: Route) => {
      attempts++;
      return answerServiceUnavailable(route);
    };
    await page.route('**/trpc/todos.create**', unavailable);
    await app.newTodo.fill('later');
    await app.newTodo.press('Enter');
    await expect(app.syncStatus).toHaveText('Server unavailable — 1 change waiting');
    // Several retries, each after its backoff.
    await expect.poll(() => attempts, { timeout: afterWriteRetry(1).timeout + afterWriteRetry(2).timeout }).toBeGreaterThanOrEqual(3);
    await expect(app.labels).toHaveText(['later']);
    await expect(app.item('later')).toHaveAttribute('aria-busy', 'true');
    await expect(app.errorBanner).toHaveCount(0);
    await page.unroute('**/trpc/todos.create**', unavailable);
    // Sent again at its backoff, or sooner: each poll of the change feed that gets an answer sends waiting writes.
    await expect(app.syncStatus).toHaveText('All changes saved', AFTER_NEXT_POLL);
    await expect(app.item('later')).not.toHaveAttribute('aria-busy');
    expect((await userApi.list()).map((todo) => todo.name)).toEqual(['later']);
  });

  test('offline: says so and sends the change once back online', async ({ app, context }) => {
    await context.setOffline(true);
    await app.newTodo.fill('on the train');
    await app.newTodo.press('Enter');
    await expect(app.syncStatus).toHaveText('Offline — 1 change waiting');
    await context.setOffline(false);
    // Back online, the page sends at once (it listens for `online`).
    await expect(app.item('on the train')).not.toHaveAttribute('aria-busy');
    await expect(app.errorBanner).toHaveCount(0);
  });

  test('after a failed first load, Enter keeps the text and explains, without console errors', async ({ app, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await app.forgetLocalCopy();
    await page.route('**/trpc/todos.list**', (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'unavailable' }));
    await page.goto('/');
    await expect(page.locator('.load-error')).toBeVisible(AFTER_LOAD_RETRIES);
    await app.newTodo.fill('typed anyway');
    await app.newTodo.press('Enter');
    await expect(app.errorBanner).toContainText('have not loaded yet');
    await expect(app.newTodo).toHaveValue('typed anyway');
    expect(errors).toEqual([]);
  });
});

test.describe('layout', () => {
  test('the banner is in view at 375 px with 30 todos and covers no control at the end', async ({ app, page, userApi }) => {
    await userApi.create(Array.from({ length: 30 }, (_, i) => `todo ${i + 1}`));
    await page.setViewportSize({ width: 375, height: 667 });
    await page.reload();
    await app.waitForList();
    await page.route('**/trpc/todos.update**', fail500);
    await app.toggle('todo 1').click();
    await expect(app.errorBanner).toBeInViewport();
    await page.screenshot({ path: '/tmp/a11y-screens/a11y-375-banner.png' });

    await page.keyboard.press('End');
    // Measured once the window rests at the very end: the virtualized list mounts rows as the page
    // scrolls, which can move the end after a scroll (on a busy machine, after the measurement).
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          await app.waitForListToSettle();
          return page.evaluate(() => Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight);
        },
        { message: 'the window rests at the end of the page' },
      )
      .toBe(true);
    const banner = await app.errorBanner.boundingBox();
    for (const link of await page.locator('ul.filters a').all()) {
      const box = await link.boundingBox();
      expect(box && banner && (box.y + box.height <= banner.y || box.y >= banner.y + banner.height)).toBe(true);
    }
    await page.screenshot({ path: '/tmp/a11y-screens/a11y-375-banner-end.png' });
  });

  test('footer controls never overlap from 320 to 1920 px, with WCAG text spacing', async ({ app, page }) => {
    await app.add('a', 'b');
    await app.afterResponse('todos.update', () => app.toggle('a').check());
    for (const spacing of [false, true]) {
      if (spacing) {
        await page.addStyleTag({
          content: '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }',
        });
      }
      for (const width of [320, 375, 430, 431, 460, 495, 560, 768, 1280, 1920]) {
        await page.setViewportSize({ width, height: 800 });
        const boxes = await page
          .locator('footer.footer .todo-count, footer.footer ul.filters a, footer.footer .clear-completed')
          .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const [p, q] = [boxes[i], boxes[j]];
            if (!p || !q) continue;
            const overlap = p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5;
            expect(overlap, `footer items ${i} and ${j} overlap at ${width}px${spacing ? ' with text spacing' : ''}`).toBe(false);
          }
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
    }
  });

  test('screenshots at 375 and 1280 px', async ({ app, page }) => {
    await app.add('Buy milk', 'Walk the dog', 'A rather long todo name that wraps onto a second line on phones');
    await app.afterResponse('todos.update', () => app.toggle('Walk the dog').check());
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 720 });
      await page.getByRole('checkbox', { name: 'Buy milk', exact: true }).focus();
      await page.keyboard.press('Tab');
      await page.screenshot({ path: `/tmp/a11y-screens/a11y-${width}.png`, fullPage: true });
    }
  });
});
