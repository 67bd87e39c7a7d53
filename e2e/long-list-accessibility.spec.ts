/**
 * A long list by keyboard and by ear (issue 21; decisions 066 and 067), with 10,000
 * todos: the filters and the notices are two or three key presses from the input
 * (skip links), Undo after "Clear completed" has focus and does not expire while it
 * does (WCAG 2.2.1), focus stays in the window after an add and after a filter change
 * (2.4.7, 2.4.11), and the live regions say exactly what happened — success once the
 * server confirmed it, no count while the list loads, nothing on every write (4.1.3).
 * The 10,000 todos of each test are stored straight into the table (`UserApi.seed`).
 */
import type { Locator, Page, Route } from '@playwright/test';
import { UNDO_MS } from '../client/src/app/undo';
import { expectNoAxeViolations, WCAG_22_AA } from './axe';
import { expect, recordAnnouncements, test, type TodoApp, type UserApi } from './fixtures';

const TODO_COUNT = 10_000;
const nameOf = (index: number) => `todo ${String(index).padStart(5, '0')}`;

/** The most key presses a keyboard user may need from the input to the filters or the notices. */
const MAX_KEY_PRESSES = 3;

function fail500(route: Route): Promise<void> {
  return route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify([{ error: { message: 'boom', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } }]),
  });
}

/** Stores 10,000 todos (the first `completed` of them completed) and opens the app on them. */
async function openLongList(app: TodoApp, userApi: UserApi, { completed = 0, cold = false } = {}): Promise<void> {
  await userApi.seed(Array.from({ length: TODO_COUNT }, (_, i) => nameOf(i)));
  if (completed > 0) {
    const first = (await userApi.list()).slice(0, completed);
    await userApi.mutate('todos.update', { items: first.map(({ id }) => ({ id, changes: { status: 'completed' } })) });
  }
  // Cold: no local copy, so the list is loaded from the network in pages (what a first visit does).
  if (cold) await app.forgetLocalCopy();
  await app.open();
  await expect(app.count).toHaveText(`${TODO_COUNT - completed} items left`, { timeout: 120_000 });
  await app.waitForListToSettle();
}

/** The focused element's box lies inside the window (and something other than the page has focus). */
async function expectFocusInView(page: Page, what: string): Promise<void> {
  const placement = await page.evaluate(() => {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLElement) || focused === document.body) return 'nothing has focus';
    const box = focused.getBoundingClientRect();
    const inside = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && box.height > 0;
    return inside ? 'in view' : `off screen: top ${Math.round(box.top)} px, bottom ${Math.round(box.bottom)} px, height ${Math.round(box.height)} px in a ${window.innerHeight} px window`;
  });
  expect(placement, what).toBe('in view');
}

/**
 * Moves focus from where it is to `target` the way a keyboard user does: Tab, and Enter on
 * the skip link named `skipLink` when focus is on it. Returns the keys pressed.
 */
async function keyboardTo(page: Page, target: Locator, skipLink: string): Promise<string[]> {
  const keys: string[] = [];
  const arrived = () => target.evaluate((element) => element.contains(document.activeElement));
  while (!(await arrived()) && keys.length < 10) {
    const onSkipLink = await page.evaluate((name) => document.activeElement?.textContent === name, skipLink);
    const key = onSkipLink ? 'Enter' : 'Tab';
    keys.push(key);
    await page.keyboard.press(key);
  }
  expect(await arrived(), `reached with ${keys.join(', ')}`).toBe(true);
  return keys;
}

test.describe('10,000 todos by keyboard and screen reader', () => {
  // 10,000 todos stored and loaded per test: minutes on a loaded 2-core machine, as in virtual-list.spec.ts.
  test.describe.configure({ timeout: 300_000 });

  test('the filters are two key presses from the input, and a filter chosen by keyboard keeps focus in view', async ({ app, page, userApi }) => {
    await openLongList(app, userApi, { completed: 1 });
    await app.newTodo.focus();

    const keys = await keyboardTo(page, page.locator('ul.filters'), 'Skip to the filters');
    expect(keys).toEqual(['Tab', 'Enter']);
    expect(keys.length).toBeLessThanOrEqual(MAX_KEY_PRESSES);
    await expect(page.getByRole('link', { name: 'All' })).toBeFocused();
    await expectFocusInView(page, 'the selected filter after the skip link');

    // Enter on "Active": a shorter list, the footer moves; focus stays on the link, in view.
    await page.keyboard.press('Tab');
    const active = page.getByRole('link', { name: 'Active' });
    await expect(active).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/active$/);
    await expect(active).toHaveAttribute('aria-current', 'page');
    await expect(app.items.first()).toHaveAttribute('aria-setsize', String(TODO_COUNT - 1));
    await app.waitForListToSettle();
    await expect(active).toBeFocused();
    await expectFocusInView(page, 'the Active link after choosing it with Enter');
    await expect(page).toHaveTitle('Active – Todos');

    // And "Completed": a one-row list, the footer jumps 600,000 px up; focus follows it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/completed$/);
    await expect(app.labels).toHaveText([nameOf(0)]);
    await app.waitForListToSettle();
    await expect(page.getByRole('link', { name: 'Completed' })).toBeFocused();
    await expectFocusInView(page, 'the Completed link after choosing it with Enter');

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/$/);
    await app.waitForListToSettle();
    await expect(page.getByRole('link', { name: 'All' })).toBeFocused();
    await expectFocusInView(page, 'the All link after choosing it with Enter');
  });

  test('an add keeps the input in view and is announced once stored; a failed add is not, and its error is three key presses away', async ({ app, page, userApi }) => {
    const announcements = await recordAnnouncements(page);
    await openLongList(app, userApi);
    const announcer = page.getByTestId('announcer');

    await app.newTodo.fill('added at the end');
    await app.afterResponse('todos.create', () => app.newTodo.press('Enter'));
    await expect(announcer).toHaveText(`Added “added at the end”. ${TODO_COUNT + 1} items left.`);
    await expect(app.count).toHaveText(`${TODO_COUNT + 1} items left`);
    await expect(app.newTodo).toBeFocused();
    await expect(app.newTodo).toHaveValue('');
    await expectFocusInView(page, 'the input after adding with Enter');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    await page.route('**/trpc/todos.create**', fail500, { times: 1 });
    await app.newTodo.fill('refused');
    await app.newTodo.press('Enter');
    const message = 'Could not add “refused”: the server had a problem (boom). Your change was undone.';
    await expect(app.errorBanner.locator('.error-message')).toHaveText(message);
    await expect(app.newTodo).toHaveValue('refused');
    await expect(page).toHaveTitle('Error: All – Todos');
    await expectFocusInView(page, 'the input after a failed add');

    // The banner's Dismiss: Tab past the filters' skip link to the notice's, then Enter.
    const keys = await keyboardTo(page, app.errorBanner, 'Skip to the notice');
    expect(keys).toEqual(['Tab', 'Tab', 'Enter']);
    expect(keys.length).toBeLessThanOrEqual(MAX_KEY_PRESSES);
    await expect(app.errorBanner.getByRole('button', { name: 'Dismiss' })).toBeFocused();
    await expectFocusInView(page, 'Dismiss in the error banner');
    await page.keyboard.press('Enter');
    await expect(app.errorBanner).toHaveCount(0);
    await expect(page).toHaveTitle('All – Todos');

    const told = await announcements();
    expect(told.filter(({ text }) => text.startsWith('Added'))).toEqual([
      { live: 'polite', text: `Added “added at the end”. ${TODO_COUNT + 1} items left.` },
    ]);
    expect(told.filter(({ live }) => live === 'assertive').map(({ text }) => text)).toEqual([expect.stringMatching(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))]);
    // The status line is not a live region: nothing says "Syncing…" or "All changes saved" per write.
    expect(told.filter(({ text }) => /Syncing|All changes saved/.test(text))).toEqual([]);
  });

  test('Clear completed hands focus to Undo, which does not expire while focused, and Undo works by keyboard', async ({ app, page, userApi }) => {
    await page.clock.install();
    await openLongList(app, userApi, { completed: 3 });
    const announcer = page.getByTestId('announcer');

    // Input → skip link → filters → Clear completed, all by keyboard.
    await app.newTodo.focus();
    await keyboardTo(page, page.locator('ul.filters'), 'Skip to the filters');
    await keyboardTo(page, app.clearCompleted, 'none');
    await app.afterResponse('todos.delete', () => page.keyboard.press('Enter'));
    const undo = page.getByRole('button', { name: 'Undo' });
    await expect(undo).toBeFocused();
    await expect(undo).toHaveAccessibleDescription('Cleared 3 todos.');
    await expectFocusInView(page, 'Undo after Clear completed');
    await expect(announcer).toHaveText('Cleared 3 todos.');
    await expect(app.count).toHaveText(`${TODO_COUNT - 3} items left`);
    await expectNoAxeViolations(page, 'Undo focused at 10,000 todos', WCAG_22_AA);

    // Twice the offer's time passes while it has focus: still there, still focused.
    await page.clock.fastForward(UNDO_MS);
    await page.clock.fastForward(UNDO_MS);
    await expect(undo).toBeFocused();

    await app.afterResponse('todos.create', () => page.keyboard.press('Enter'));
    await expect(announcer).toHaveText(`Restored 3 todos. ${TODO_COUNT - 3} items left.`);
    await expect(app.clearCompleted).toBeVisible();
    await expect(undo).toHaveCount(0);

    // Without focus on it, an offer goes after its time.
    await app.clearCompleted.focus();
    await app.afterResponse('todos.delete', () => page.keyboard.press('Enter'));
    await expect(undo).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.clock.fastForward(UNDO_MS);
    await expect(undo).toHaveCount(0);
  });

  test('the first load says the count once; a toggle is announced once stored; a failed rename never is, and Retry reopens it', async ({ app, page, userApi }) => {
    const announcements = await recordAnnouncements(page);
    await openLongList(app, userApi, { cold: true });
    const announcer = page.getByTestId('announcer');
    await expect(announcer).toHaveText(`${TODO_COUNT} items left.`);
    const whileLoading = (await announcements()).map(({ text }) => text);
    expect(whileLoading.filter((text) => text.includes('items left'))).toEqual([`${TODO_COUNT} items left.`]);
    expect(whileLoading).toContain('Loading your todos…');

    const first = page.getByRole('checkbox', { name: nameOf(0), exact: true });
    await expect(first).toHaveAccessibleDescription('Press F2 to edit.');
    await first.focus();
    await app.afterResponse('todos.update', () => page.keyboard.press('Space'));
    await expect(announcer).toHaveText(`“${nameOf(0)}” completed. ${TODO_COUNT - 1} items left.`);

    await page.route('**/trpc/todos.update**', fail500, { times: 1 });
    await page.keyboard.press('F2');
    const edit = page.locator('input.edit');
    await expect(edit).toBeFocused();
    await edit.fill('renamed');
    await edit.press('Enter');
    const message = `Could not rename “${nameOf(0)}” to “renamed”: the server had a problem (boom). Your change was undone.`;
    await expect(app.errorBanner.locator('.error-message')).toHaveText(message);
    await expect(app.row(1).locator('label')).toHaveText(nameOf(0));

    // Retry, reached by keyboard from the row: the editor reopens with the name, focused.
    await app.newTodo.focus();
    await keyboardTo(page, app.errorBanner.getByRole('button', { name: 'Retry' }), 'Skip to the notice');
    await page.keyboard.press('Enter');
    await expect(edit).toBeFocused();
    await expect(edit).toHaveValue('renamed');
    await expectFocusInView(page, 'the reopened editor after Retry');
    await app.afterResponse('todos.update', () => edit.press('Enter'));
    await expect(announcer).toHaveText('Renamed to “renamed”.');

    const told = (await announcements()).map(({ text }) => text);
    const alertAt = told.findIndex((text) => text.startsWith(message));
    expect(alertAt).toBeGreaterThan(-1);
    // Said once, after the retry was stored — never for the attempt that failed.
    expect(told.filter((text) => text.startsWith('Renamed'))).toEqual(['Renamed to “renamed”.']);
    expect(told.findIndex((text) => text.startsWith('Renamed'))).toBeGreaterThan(alertAt);
    expect(told.filter((text) => text.includes('items left')).length).toBe(2); // loaded, then the toggle
  });
});
