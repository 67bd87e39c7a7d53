/**
 * The virtualized list (decision 041): whatever the number of todos, at most 200
 * rows are in the DOM, and a row far down the list behaves like any other: it can
 * be scrolled to, toggled and renamed (and that is stored), filters show the right
 * rows, a new todo lands at the end (the input keeps focus, in view), an edit survives scrolling
 * away, and Tab walks through the rows without losing focus.
 */
import type { Page } from '@playwright/test';
import { expect, test, type TodoApp } from './fixtures';

const MAX_ROWS_IN_DOM = 200;
const TODO_COUNT = 10_000;

const nameOf = (index: number) => `todo ${String(index).padStart(5, '0')}`;

async function expectBoundedDom(app: TodoApp): Promise<void> {
  await app.waitForListToSettle();
  const rows = await app.items.count();
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
}

function filterLink(page: Page, name: 'All' | 'Active' | 'Completed') {
  return page.locator('ul.filters a', { hasText: name });
}

test.describe('10,000 todos', () => {
  test.describe.configure({ timeout: 300_000 });

  test('a bounded DOM; a far row toggled and renamed; filters; a new todo at the end', async ({ app, page, userApi }) => {
    await userApi.seed(Array.from({ length: TODO_COUNT }, (_, i) => nameOf(i)));
    await app.open();
    await expect(app.count).toHaveText(`${TODO_COUNT} items left`, { timeout: 60_000 });

    await test.step('only rows near the window are in the DOM, each saying where it is', async () => {
      await expectBoundedDom(app);
      await expect(app.row(1).locator('label')).toHaveText(nameOf(0));
      await expect(app.row(1)).toHaveAttribute('aria-setsize', String(TODO_COUNT));
      await expect(app.row(TODO_COUNT)).toHaveCount(0);
    });

    const far = 9_001; // 'todo 09000'
    await test.step('the 9,000th row: scroll to it, toggle it, rename it', async () => {
      const row = await app.scrollToRow(far);
      await expect(row.locator('label')).toHaveText(nameOf(far - 1));
      await expectBoundedDom(app);

      await app.afterResponse('todos.update', () => row.locator('input.toggle').check());
      await expect(row).toHaveClass('completed');
      await expect(app.count).toHaveText(`${TODO_COUNT - 1} items left`);

      await row.locator('label').dblclick();
      await expect(row).toHaveClass('completed editing');
      await row.locator('input.edit').fill('far down, renamed');
      await app.afterResponse('todos.update', () => row.locator('input.edit').press('Enter'));
      await expect(row.locator('label')).toHaveText('far down, renamed');
    });

    await test.step('both changes were stored: the row after a reload', async () => {
      await page.reload();
      await expect(app.count).toHaveText(`${TODO_COUNT - 1} items left`, { timeout: 60_000 });
      const row = await app.scrollToRow(far);
      await expect(row.locator('label')).toHaveText('far down, renamed');
      await expect(row).toHaveClass('completed');
    });

    await test.step('Active, chosen far down the list: shown from its first row, without the completed todo', async () => {
      await filterLink(page, 'Active').click(); // scrolls the page down to the footer first
      await expect(page).toHaveURL(/#\/active$/);
      await expect(app.row(1).locator('label')).toHaveText(nameOf(0));
      await expect(app.row(1)).toHaveAttribute('aria-setsize', String(TODO_COUNT - 1));
      await expect(app.row(1)).toBeInViewport();
      await expectBoundedDom(app);
      // Positions 9,000 and 9,001 are the todos either side of the completed one.
      await expect((await app.scrollToRow(far - 1)).locator('label')).toHaveText(nameOf(far - 2));
      await expect(app.row(far).locator('label')).toHaveText(nameOf(far));
      await expect(page.locator('ul.todo-list > li.completed')).toHaveCount(0);
      await expectBoundedDom(app);
    });

    await test.step('Completed, chosen far down the Active list: its one row, in view', async () => {
      await filterLink(page, 'Completed').click();
      await expect(page).toHaveURL(/#\/completed$/);
      await expect(app.labels).toHaveText(['far down, renamed']);
      await expect(app.row(1)).toHaveAttribute('aria-setsize', '1');
      await expect(app.row(1)).toBeInViewport();
    });

    await test.step('All again: a todo added at the end is there, and the input keeps focus in view (decision 066)', async () => {
      await filterLink(page, 'All').click();
      await expect(page).toHaveURL(/#\/$/);
      await expect(app.row(1)).toBeInViewport();
      await app.add('added at the end');
      await expect(app.count).toHaveText(`${TODO_COUNT} items left`);
      await expect(app.newTodo).toBeFocused();
      await expect(app.newTodo).toBeInViewport();
      const added = await app.scrollToRow(TODO_COUNT + 1);
      await expect(added.locator('label')).toHaveText('added at the end');
      await expectBoundedDom(app);
    });
  });
});

test.describe('a long list with rows of different heights', () => {
  test.describe.configure({ timeout: 120_000 });
  // Every fifth name wraps onto several lines.
  const names = Array.from({ length: 400 }, (_, i) => (i % 5 === 2 ? `${nameOf(i)} ${'with a long name that wraps '.repeat(4)}`.trim() : nameOf(i)));

  test('rows are measured: none overlaps or leaves a gap', async ({ app, userApi }) => {
    await userApi.create(names);
    await app.open();
    await expect(app.row(1)).toBeVisible();
    for (const position of [1, 200]) {
      await app.scrollToRow(position);
      const boxes = await app.items.evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().toJSON() as DOMRect));
      expect(boxes.length).toBeGreaterThan(5);
      expect(boxes.some((box) => box.height > 100)).toBe(true); // a wrapped row
      for (let i = 1; i < boxes.length; i++) {
        expect(Math.abs((boxes[i]?.top ?? 0) - (boxes[i - 1]?.bottom ?? 0))).toBeLessThan(1);
      }
    }
  });

  test('an edit survives scrolling far away, and is saved with Enter', async ({ app, page, userApi }) => {
    await userApi.create(names);
    await app.open();
    const row = app.row(2);
    await row.locator('label').dblclick();
    const edit = row.locator('input.edit');
    await edit.fill('edited while scrolling');
    await page.mouse.wheel(0, 20_000);
    await app.scrollToRow(names.length);
    await expect(row).not.toBeInViewport();
    await expect(row).toHaveClass('editing');
    await expect(edit).toBeFocused();
    await expect(edit).toHaveValue('edited while scrolling');
    await expectBoundedDom(app);
    await app.afterResponse('todos.update', () => edit.press('Enter'));
    await expect(row.locator('label')).toHaveText('edited while scrolling');
    expect((await userApi.list()).find((todo) => todo.name === 'edited while scrolling')).toBeDefined();
  });

  test('an unfinished edit far down the list reopens after a reload', async ({ app, page, userApi }) => {
    await userApi.create(names);
    await app.open();
    const row = await app.scrollToRow(300);
    await row.locator('label').dblclick();
    await row.locator('input.edit').fill('typed before the reload');
    await page.reload();
    // The edit draft is kept in sessionStorage; its row is mounted wherever it is, and focuses its input.
    await expect(row.locator('input.edit')).toBeFocused({ timeout: 30_000 });
    await expect(row.locator('input.edit')).toHaveValue('typed before the reload');
    await expect(row).toBeInViewport();
    await expectBoundedDom(app);
  });

  test('Tab walks through the rows in order without losing focus', async ({ app, page, userApi }) => {
    await userApi.create(names);
    await app.open();
    await app.row(1).locator('input.toggle').focus();
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('ul.todo-list > li')?.getAttribute('aria-posinset') ?? null);
    // Three stops per row: the checkbox, Edit and Delete.
    for (let position = 1; position <= 40; position++) {
      for (let stop = 0; stop < 3; stop++) {
        expect(await focusedRow()).toBe(String(position));
        await page.keyboard.press('Tab');
      }
    }
    expect(await focusedRow()).toBe('41');
    await expect(app.row(41)).toBeInViewport();
    await expectBoundedDom(app);
    // And back.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedRow()).toBe('40');
  });
});
