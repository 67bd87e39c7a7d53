/**
 * The TodoMVC app spec (github.com/tastejs/todomvc/blob/master/app-spec.md),
 * against the real API: markup, classes and behaviour a user sees.
 */
import { expect, test } from './fixtures';

test.describe('when there are no todos', () => {
  test('hides main and footer and focuses the input', async ({ app }) => {
    await expect(app.newTodo).toBeFocused();
    await expect(app.newTodo).toHaveAttribute('placeholder', 'What needs to be done?');
    await expect(app.main).toHaveCount(0);
    await expect(app.footer).toHaveCount(0);
    await expect(app.page.locator('footer.info')).toContainText('Double-click a todo');
  });
});

test.describe('new todo', () => {
  test('adds trimmed todos at the end and clears the input', async ({ app }) => {
    await app.add('  Buy milk  ', 'Walk the dog');
    await expect(app.labels).toHaveText(['Buy milk', 'Walk the dog']);
    await expect(app.newTodo).toHaveValue('');
    await expect(app.main).toBeVisible();
    await expect(app.footer).toBeVisible();
  });

  test('ignores empty and blank input', async ({ app }) => {
    await app.newTodo.press('Enter');
    await app.newTodo.fill('    ');
    await app.newTodo.press('Enter');
    await expect(app.items).toHaveCount(0);
    await expect(app.main).toHaveCount(0);
  });

  test('limits the length to what the server accepts', async ({ app }) => {
    await expect(app.newTodo).toHaveAttribute('maxlength', '500');
  });
});

test.describe('counter', () => {
  test('says item or items and counts only active todos', async ({ app }) => {
    await app.add('one');
    await expect(app.count).toHaveText('1 item left');
    await expect(app.count.locator('strong')).toHaveText('1');
    await app.add('two');
    await expect(app.count).toHaveText('2 items left');
    await app.toggle('one').check();
    await expect(app.count).toHaveText('1 item left');
    await app.toggle('two').check();
    await expect(app.count).toHaveText('0 items left');
  });
});

test.describe('item', () => {
  test('toggles completed and back', async ({ app }) => {
    await app.add('a', 'b');
    await app.toggle('a').check();
    await expect(app.item('a')).toHaveClass('completed');
    await expect(app.item('b')).not.toHaveClass('completed');
    await app.toggle('a').uncheck();
    await expect(app.item('a')).not.toHaveClass('completed');
    await expect(app.toggle('a')).not.toBeChecked();
  });

  test('destroy removes the todo', async ({ app }) => {
    await app.add('keep', 'remove');
    await app.item('remove').hover();
    await app.item('remove').locator('button.destroy').click();
    await expect(app.labels).toHaveText(['keep']);
    await app.item('keep').hover();
    await app.item('keep').locator('button.destroy').click();
    await expect(app.items).toHaveCount(0);
    await expect(app.main).toHaveCount(0);
    await expect(app.footer).toHaveCount(0);
  });
});

test.describe('toggle all', () => {
  test('completes all, then makes all active again', async ({ app }) => {
    await app.add('a', 'b', 'c');
    await expect(app.toggleAll).not.toBeChecked();
    await app.page.locator('label[for=toggle-all]').click();
    await expect(app.page.locator('ul.todo-list > li.completed')).toHaveCount(3);
    await expect(app.toggleAll).toBeChecked();
    await expect(app.count).toHaveText('0 items left');

    await app.page.locator('label[for=toggle-all]').click();
    await expect(app.page.locator('ul.todo-list > li.completed')).toHaveCount(0);
    await expect(app.toggleAll).not.toBeChecked();
    await expect(app.count).toHaveText('3 items left');
  });

  test('completes the remaining ones when some are already completed', async ({ app }) => {
    await app.add('a', 'b', 'c');
    await app.toggle('b').check();
    await app.page.locator('label[for=toggle-all]').click();
    await expect(app.page.locator('ul.todo-list > li.completed')).toHaveCount(3);
  });

  test('its checked state follows the items', async ({ app }) => {
    await app.add('a', 'b');
    await app.toggle('a').check();
    await expect(app.toggleAll).not.toBeChecked();
    await app.toggle('b').check();
    await expect(app.toggleAll).toBeChecked();
    await app.toggle('a').uncheck();
    await expect(app.toggleAll).not.toBeChecked();
  });
});

test.describe('editing', () => {
  test('double-click shows a focused edit input holding the name and hides the rest', async ({ app }) => {
    await app.add('a', 'b');
    await app.item('a').locator('label').dblclick();
    const edit = app.item('a').locator('input.edit');
    await expect(app.item('a')).toHaveClass('editing');
    await expect(edit).toBeFocused();
    await expect(edit).toHaveValue('a');
    await expect(app.item('a').locator('input.toggle')).toBeHidden();
    await expect(app.item('a').locator('label')).toBeHidden();
    await expect(edit).toHaveAttribute('maxlength', '500');
  });

  test('Enter saves the trimmed name', async ({ app }) => {
    await app.add('a', 'b');
    await app.item('a').locator('label').dblclick();
    await app.page.locator('input.edit').fill('  renamed  ');
    await app.page.locator('input.edit').press('Enter');
    await expect(app.labels).toHaveText(['renamed', 'b']);
    await expect(app.page.locator('input.edit')).toHaveCount(0);
    await expect(app.page.locator('li.editing')).toHaveCount(0);
  });

  test('blur saves', async ({ app }) => {
    await app.add('a');
    await app.item('a').locator('label').dblclick();
    await app.page.locator('input.edit').fill('changed by blur');
    await app.page.locator('input.edit').blur();
    await expect(app.labels).toHaveText(['changed by blur']);
  });

  test('Escape cancels, and the blur that follows does not save', async ({ app }) => {
    await app.add('original');
    const updates: string[] = [];
    app.page.on('request', (request) => {
      if (request.url().includes('todos.update')) updates.push(request.url());
    });
    await app.item('original').locator('label').dblclick();
    await app.page.locator('input.edit').fill('discarded');
    await app.page.locator('input.edit').press('Escape');
    await expect(app.labels).toHaveText(['original']);
    await expect(app.page.locator('input.edit')).toHaveCount(0);
    await app.newTodo.click(); // anything that could blur a lingering edit input
    await app.page.waitForTimeout(300);
    await expect(app.labels).toHaveText(['original']);
    expect(updates).toEqual([]);
  });

  test('saving an empty name deletes the todo', async ({ app }) => {
    await app.add('a', 'b');
    await app.item('a').locator('label').dblclick();
    await app.page.locator('input.edit').fill('   ');
    await app.page.locator('input.edit').press('Enter');
    await expect(app.labels).toHaveText(['b']);
  });
});

test.describe('clear completed', () => {
  test('is shown only when something is completed and removes exactly those', async ({ app }) => {
    await app.add('a', 'b', 'c');
    await expect(app.clearCompleted).toHaveCount(0);
    await app.toggle('a').check();
    await app.toggle('c').check();
    await expect(app.clearCompleted).toHaveText('Clear completed');
    await app.clearCompleted.click();
    await expect(app.labels).toHaveText(['b']);
    await expect(app.clearCompleted).toHaveCount(0);
    await expect(app.count).toHaveText('1 item left');
  });
});

test.describe('routing', () => {
  test('filters by hash, marks the selected link, and follows the back button', async ({ app, page }) => {
    await app.add('a', 'b', 'c');
    await app.toggle('b').check();
    const link = (name: string) => page.locator('ul.filters a', { hasText: name });
    await expect(link('All')).toHaveClass('selected');

    await link('Active').click();
    await expect(page).toHaveURL(/#\/active$/);
    await expect(app.labels).toHaveText(['a', 'c']);
    await expect(link('Active')).toHaveClass('selected');
    await expect(link('All')).not.toHaveClass('selected');

    await link('Completed').click();
    await expect(page).toHaveURL(/#\/completed$/);
    await expect(app.labels).toHaveText(['b']);
    await expect(link('Completed')).toHaveClass('selected');

    await page.goBack();
    await expect(app.labels).toHaveText(['a', 'c']);
    await expect(link('Active')).toHaveClass('selected');

    await page.goBack();
    await expect(app.labels).toHaveText(['a', 'b', 'c']);
    await expect(link('All')).toHaveClass('selected');

    await page.goForward();
    await expect(app.labels).toHaveText(['a', 'c']);

    await link('All').click();
    await expect(page).toHaveURL(/#\/$/);
    await expect(app.labels).toHaveText(['a', 'b', 'c']);
  });

  test('a filtered list updates as items change, and a deep link opens filtered', async ({ app, page }) => {
    await app.add('a', 'b');
    await page.locator('ul.filters a', { hasText: 'Active' }).click();
    await app.toggle('a').click(); // not check(): the row leaves this filtered list at once
    await expect(app.labels).toHaveText(['b']);
    await expect(app.footer).toBeVisible(); // the footer counts all todos, not the visible ones

    await app.open('/#/completed');
    await expect(app.labels).toHaveText(['a']);
    await expect(page.locator('ul.filters a.selected')).toHaveText('Completed');
  });
});

test.describe('persistence', () => {
  test('todos, their order and completed state survive a reload', async ({ app, page }) => {
    await app.add('first', 'second', 'third');
    await app.afterResponse('todos.update', () => app.toggle('second').check());
    await app.item('first').locator('label').dblclick();
    await app.afterResponse('todos.update', () => page.locator('input.edit').fill('first, renamed').then(() => page.locator('input.edit').press('Enter')));

    await page.reload();
    await expect(app.labels).toHaveText(['first, renamed', 'second', 'third']);
    await expect(app.item('second')).toHaveClass('completed');
    await expect(app.count).toHaveText('2 items left');
  });
});
