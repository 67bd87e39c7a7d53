/**
 * The smaller accessibility items of issue 21 (decision 066) on a short list: the page
 * title names the filter and an error (2.4.2), the selected filter stays distinguishable
 * in forced colours and when focused (1.4.1, 1.4.11), F2 is explained on each row, a
 * waiting write says so once and "All changes saved." follows once, and the new states
 * (skip links, the shared-computer choice) have no axe-core WCAG 2.2 AA violation.
 * The 10,000-todo behaviour is in long-list-accessibility.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expectNoAxeViolations, WCAG_22_AA } from './axe';
import { expect, recordAnnouncements, test } from './fixtures';

/** What tells the selected filter apart, other than colour: weight, border style and width, underline. */
function shapeOf(page: Page, name: string) {
  return page
    .locator('ul.filters a', { hasText: name })
    .evaluate((link) => {
      const style = getComputedStyle(link);
      return `${style.fontWeight} ${style.borderTopStyle} ${style.borderTopWidth} ${style.textDecorationLine}`;
    });
}

test.describe(() => {
  // Ends by signing out of a session that began on the provider's page, as a person's does.
  test.use({ signInThrough: 'page' });

  test('the page title names the filter, and says when something went wrong', async ({ app, page }) => {
    await expect(page).toHaveTitle('All – Todos');
    await app.add('a');
    await page.getByRole('link', { name: 'Completed' }).click();
    await expect(page).toHaveTitle('Completed – Todos');
    await page.getByRole('link', { name: 'All' }).click();
    await page.route('**/trpc/todos.update**', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify([{ error: { message: 'boom', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } }]),
      }),
    );
    await app.toggle('a').click();
    await expect(app.errorBanner).toBeVisible();
    await expect(page).toHaveTitle('Error: All – Todos');
    await app.errorBanner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page).toHaveTitle('All – Todos');
    await app.signOut();
    await expect(page).not.toHaveTitle(/– Todos$/);
  });
});

test('the selected filter differs from the others by more than colour, also focused and in forced colours', async ({ app, page }) => {
  await app.add('a');
  for (const forced of [false, true]) {
    await page.emulateMedia({ forcedColors: forced ? 'active' : 'none' });
    const mode = forced ? 'forced colours' : 'normal colours';
    expect(await shapeOf(page, 'All'), mode).not.toBe(await shapeOf(page, 'Active'));
    // Focused: the focus ring is added, and the selected one still differs from a focused other one.
    await page.getByRole('link', { name: 'All' }).focus();
    const selectedFocused = await shapeOf(page, 'All');
    await page.getByRole('link', { name: 'Active' }).focus();
    expect(selectedFocused, `${mode}, focused`).not.toBe(await shapeOf(page, 'Active'));
  }
});

test('each row says that F2 edits it, and the skip links pass no axe check', async ({ app, page }) => {
  await app.add('Buy milk');
  await expect(page.getByRole('checkbox', { name: 'Buy milk', exact: true })).toHaveAccessibleDescription('Press F2 to edit.');
  await app.newTodo.focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the filters' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await expectNoAxeViolations(page, 'skip link focused', WCAG_22_AA);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'All' })).toBeFocused();
  await expect(page).toHaveURL(/\/(#\/)?$/); // only focus moved, not the route
});

test('a write that waits says so once, and "All changes saved." follows once it is sent', async ({ app, page, context }) => {
  const announcements = await recordAnnouncements(page);
  await page.reload();
  await app.waitForList();
  // The load's own announcement first: parts said within one moment are read as one sentence,
  // and on a busy machine the add could otherwise join it.
  await expect(page.getByTestId('announcer')).toHaveText(/No todos yet\.$/);
  await context.setOffline(true);
  await app.newTodo.fill('on the train');
  await app.newTodo.press('Enter');
  await expect(app.syncStatus).toHaveText('Offline — 1 change waiting');
  await expect(page.getByTestId('announcer')).toHaveText('Offline — 1 change waiting.');
  await context.setOffline(false);
  await expect(page.getByTestId('announcer')).toHaveText('All changes saved.', { timeout: 15_000 });
  const told = (await announcements()).map(({ text }) => text);
  expect(told.filter((text) => /waiting|saved|Added/.test(text))).toEqual(['Offline — 1 change waiting.', 'All changes saved.']);
});

test('the signed-out page with the shared-computer choice passes axe (WCAG 2.2 AA)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('checkbox', { name: 'This is a shared computer' })).toBeVisible();
  await expectNoAxeViolations(page, 'signed out', WCAG_22_AA);
});
