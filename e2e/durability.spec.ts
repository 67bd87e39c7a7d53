/**
 * Nothing shown is ever lost, at 99,000 todos (issue 22). The person opens the app in a new
 * browser (no local copy: the list downloads and is being stored while they edit), makes edits
 * as soon as the full count shows — toggles, renames, deletes, then adds — and reloads 0 ms
 * after the last one is drawn; then, on the page that came back (its copy of the list possibly
 * still being completed), edits again and reloads 50 ms after, and again with 200 ms. After
 * each reload the page must show every edit and the server must hold exactly them: each todo
 * once, the counts equal. Before issue 22 the outbox entry of such an edit waited behind the one
 * IndexedDB transaction that stored the whole list, and a reload cut both.
 *
 * The todos are seeded once for the file, straight into the table (`UserApi.seed`); the three
 * rounds are three tests on one page, one after the other, and keep count of what they changed.
 * One first open, not three: each costs most of a minute on a busy 2-core machine, and only the
 * first round can meet a list that is still downloading anyway (decision 098).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Page } from '@playwright/test';
import { expect, test, TodoApp, UserApi, type StoredTodo } from './fixtures';

/**
 * As issue 22 measured it: 99,000, under the per-user limit of 100,000 (TODO_LIMIT_PER_USER_DEFAULT),
 * so that a seeding call retried after a lost answer meets "id taken", never the limit.
 */
const SEEDED = 99_000;
const seededName = (i: number) => `seeded ${String(i).padStart(6, '0')}`;
/** The whole list downloads and is drawn: a first open with a busy machine next to it. */
const FULL_LIST = { timeout: 180_000 };

const user = `e2e-durability-${uuidv7()}`;
/** What the edits so far made of the seeded list, for both the page and the server to match. */
const expected = {
  completed: new Set<string>(),
  renamed: new Map<string, string>(),
  deleted: new Set<string>(),
  added: new Set<string>(),
  active: SEEDED,
};

test.describe.configure({ mode: 'serial', timeout: 300_000 });

/** The one page of the three rounds, signed in as `user` in a browser context of its own. */
let page: Page;

test.beforeAll(async ({ playwright, browser }, testInfo) => {
  // 99,000 todos take a minute or more on a busy 2-core machine.
  testInfo.setTimeout(600_000);
  const baseURL = testInfo.project.use.baseURL;
  if (!baseURL) throw new Error('baseURL is not configured');
  const request = await playwright.request.newContext({ baseURL });
  try {
    await new UserApi(request, user, baseURL).seed(Array.from({ length: SEEDED }, (_, i) => seededName(i)));
  } finally {
    await request.dispose();
  }
  page = await (await browser.newContext({ baseURL })).newPage();
});

test.afterAll(async () => {
  await page.context().close();
});

for (const [round, reloadAfterMs] of [0, 50, 200].entries()) {
  test(`edits at 99,000 todos survive a reload ${reloadAfterMs} ms after the last one`, async ({ request, baseURL }) => {
    if (!baseURL) throw new Error('baseURL is not configured');
    const app = new TodoApp(page);
    // The first round signs in on a new browser (the list downloads); the others go on where the last reload left the page.
    if (round === 0) await app.signIn(user);
    await expect(app.count).toHaveText(`${expected.active} items left`, FULL_LIST);

    // Six seeded todos near the top per round (earlier rounds' deletes moved them up).
    const names = Array.from({ length: 6 }, (_, i) => seededName(round * 6 + i));
    const [toggleA, toggleB, renameA, renameB, deleteA, deleteB] = names as [string, string, string, string, string, string];
    for (const name of [toggleA, toggleB]) {
      await app.toggle(name).click();
      await expect(app.item(name)).toHaveClass(/completed/);
      expected.completed.add(name);
      expected.active--;
    }
    for (const name of [renameA, renameB]) {
      const renamed = `${name} renamed in round ${round}`;
      await app.item(name).locator('label').dblclick();
      await page.locator('ul.todo-list input.edit').fill(renamed);
      await page.locator('ul.todo-list input.edit').press('Enter');
      await expect(app.item(renamed)).toHaveCount(1);
      expected.renamed.set(name, renamed);
    }
    for (const name of [deleteA, deleteB]) {
      await app.item(name).hover();
      await app.item(name).locator('button.destroy').click();
      await expect(app.item(name)).toHaveCount(0);
      expected.deleted.add(name);
      expected.active--;
    }
    for (const name of [`added in round ${round} (1)`, `added in round ${round} (2)`]) {
      await app.newTodo.fill(name);
      await app.newTodo.press('Enter');
      expected.active++;
      expected.added.add(name);
      // Drawn: the counter counts it (the row itself is at the end of the list).
      await expect(app.count).toHaveText(`${expected.active} items left`);
    }

    // The scenario, not a wait for something: the reload comes this long after the last edit was drawn.
    if (reloadAfterMs > 0) await page.waitForTimeout(reloadAfterMs);
    await page.reload();

    // The page, from its local copy and outbox: every edit, and all of them sent.
    await expect(app.count).toHaveText(`${expected.active} items left`, FULL_LIST);
    await expect(app.syncStatus).toHaveText('All changes saved', FULL_LIST);
    for (const name of [toggleA, toggleB]) await expect(app.item(name)).toHaveClass(/completed/);
    for (const [name, renamed] of expected.renamed) {
      await expect(app.item(renamed)).toHaveCount(1);
      await expect(app.item(name)).toHaveCount(0);
    }
    for (const name of expected.deleted) await expect(app.item(name)).toHaveCount(0);

    // The server: exactly the same list.
    const stored = await new UserApi(request, user, baseURL).listAll();
    const byName = new Map<string, StoredTodo[]>();
    for (const todo of stored) byName.set(todo.name, [...(byName.get(todo.name) ?? []), todo]);
    expect(stored).toHaveLength(SEEDED - expected.deleted.size + expected.added.size);
    expect(stored.filter((todo) => todo.status === 'pending')).toHaveLength(expected.active);
    expect([...byName.values()].filter((same) => same.length > 1).map(([todo]) => todo?.name)).toEqual([]);
    for (const name of expected.added) expect(byName.get(name), name).toHaveLength(1);
    for (const name of expected.deleted) expect(byName.has(name), name).toBe(false);
    for (const [name, renamed] of expected.renamed) {
      expect(byName.has(name), name).toBe(false);
      expect(byName.get(renamed), renamed).toHaveLength(1);
    }
    for (const name of expected.completed) expect(byName.get(name)?.[0]?.status, name).toBe('completed');
    expect(stored.filter((todo) => todo.status === 'completed').map((todo) => todo.name).sort()).toEqual([...expected.completed].sort());
  });
}
