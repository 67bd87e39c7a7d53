/**
 * Lists in the web UI (issue 24): one person's lists by mouse and keyboard, and two people in
 * two browsers sharing one — invite, join, changes both ways, removal, deletion.
 */
import type { Browser, Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { expectNoAxeViolations, WCAG_22_AA } from './axe';
import { expect, submitSignInPage, test, TodoApp } from './fixtures';
import { AFTER_NEXT_POLL } from './windows';

const listsNav = (page: Page) => page.getByRole('navigation', { name: 'Lists' });
const listLink = (page: Page, name: string) => listsNav(page).getByRole('link', { name: new RegExp(`^${name} \\d+ left$`) });

/** Makes a list through "New list" by keyboard and waits until it is open. */
async function newList(app: TodoApp, name: string): Promise<string> {
  await listsNav(app.page).getByRole('button', { name: 'New list' }).press('Enter');
  const field = app.page.getByRole('textbox', { name: 'List name' });
  await expect(field).toBeFocused();
  await field.fill(name);
  await field.press('Enter');
  await expect(listLink(app.page, name)).toHaveAttribute('aria-current', 'page');
  const id = /#\/lists\/([0-9a-f-]{36})$/.exec(app.page.url())?.[1];
  if (!id) throw new Error(`not on a list route: ${app.page.url()}`);
  return id;
}

/** A new list with one todo, its Share panel open: the "Invite link" field and the link in it (an editor's). */
async function sharedList(app: TodoApp, name: string, todo: string) {
  await newList(app, name);
  await app.add(todo);
  await app.page.getByRole('button', { name: 'Share' }).click();
  const link = app.page.getByRole('textbox', { name: 'Invite link' });
  await expect(link).toHaveValue(/#\/join\/[A-Za-z0-9_-]{43}$/);
  return { link, invite: new URL(await link.inputValue()) };
}

/** Another person, in a browser of their own, signed in. */
async function otherPerson(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  const app = new TodoApp(await context.newPage());
  await app.signInWithSession(`e2e-other-${uuidv7()}`);
  return { app, close: () => context.close() };
}

test('a new list opens by keyboard, keeps its own todos and counts, survives a reload, and passes axe', async ({ app, page }) => {
  await app.add('in my todos');
  await expect(listLink(page, 'Todos')).toHaveAttribute('aria-current', 'page');
  const id = await newList(app, 'Groceries');
  await expect(app.newTodo).toBeFocused();
  await expect(app.items).toHaveCount(0);
  await app.add('milk', 'bread');
  await expect(listLink(page, 'Groceries')).toContainText('2');
  await expect(listLink(page, 'Todos')).toContainText('1');
  await app.toggle('milk').check();
  await expect(listLink(page, 'Groceries')).toContainText('1');
  // The filters stay in the list.
  await page.getByRole('link', { name: 'Completed' }).click();
  await expect(page).toHaveURL(new RegExp(`#/lists/${id}/completed$`));
  await expect(app.labels).toHaveText(['milk']);
  await expectNoAxeViolations(page, 'a list of lists', WCAG_22_AA);
  await page.reload();
  await app.waitForList();
  await expect(app.labels).toHaveText(['milk']);
  await expect(listLink(page, 'Groceries')).toHaveAttribute('aria-current', 'page');
  // Renamed by keyboard: the navigation and the title follow.
  await page.getByRole('button', { name: 'Rename list' }).click();
  const rename = page.getByRole('textbox', { name: 'List name' });
  await expect(rename).toBeFocused();
  await rename.fill('Food');
  await rename.press('Enter');
  await expect(listLink(page, 'Food')).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Completed – Food – Todos');
  await listLink(page, 'Todos').click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(app.labels).toHaveText(['in my todos']);
});

test('two people: an invite opened signed out joins after signing in; changes both ways, offline too; removal takes the list away', async ({ app, page, browser, baseURL }) => {
  const { invite } = await sharedList(app, 'Trip', 'tickets');

  // Bob opens the link signed out: he signs in on the provider's page, and the list opens.
  const context = await browser.newContext({ baseURL });
  const bob = { app: new TodoApp(await context.newPage()), close: () => context.close() };
  try {
    const b = bob.app;
    await b.page.goto(`/${invite.hash}`);
    await b.signInButton.click();
    await submitSignInPage(b.page, `e2e-bob-${uuidv7()}`);
    await expect(listLink(b.page, 'Trip')).toHaveAttribute('aria-current', 'page');
    await expect(b.labels).toHaveText(['tickets']);
    await b.add('passports');
    await expect(app.labels).toHaveText(['tickets', 'passports'], AFTER_NEXT_POLL);
    await app.add('sunscreen');
    await expect(b.labels).toHaveText(['tickets', 'passports', 'sunscreen'], AFTER_NEXT_POLL);

    // Offline edits in the shared list reach the other person once back online.
    await b.page.context().setOffline(true);
    await b.newTodo.fill('offline idea');
    await b.newTodo.press('Enter');
    await expect(b.syncStatus).toHaveText('Offline — 1 change waiting');
    await b.page.context().setOffline(false);
    await expect(app.labels).toHaveText(['tickets', 'passports', 'sunscreen', 'offline idea'], AFTER_NEXT_POLL);

    await page.getByRole('button', { name: 'Members' }).click();
    const members = page.getByRole('list', { name: 'Members of “Trip”' });
    await expect(members.getByRole('listitem')).toHaveCount(2);
    await members.getByRole('button', { name: /^Remove / }).click();
    await expect(members.getByRole('listitem')).toHaveCount(1);
    await expect(listLink(b.page, 'Trip')).toHaveCount(0, AFTER_NEXT_POLL);
    await expect(b.page.getByRole('alert')).toContainText('This list is not available');
  } finally {
    await bob.close();
  }
});

test('a viewer sees the list without controls that change it; revoked links stop working; deleted by its owner, the list leaves the viewer’s screen and its links say so', async ({ app, page, browser, baseURL }) => {
  const { link, invite: editorInvite } = await sharedList(app, 'Doomed', 'soon gone');
  await page.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
  await expect(link).not.toHaveValue(editorInvite.href);
  const invite = new URL(await link.inputValue());

  const bob = await otherPerson(browser, baseURL);
  try {
    const b = bob.app;
    await b.page.goto(`/${invite.hash}`);
    await expect(listLink(b.page, 'Doomed')).toHaveAttribute('aria-current', 'page');
    await expect(b.labels).toHaveText(['soon gone']);
    await expect(b.newTodo).toHaveCount(0);
    await expect(b.toggle('soon gone')).toBeDisabled();
    await expect(b.page.getByRole('button', { name: 'Delete soon gone' })).toHaveCount(0);
    await expect(b.page.getByRole('button', { name: 'Leave list' })).toBeVisible();
    await expectNoAxeViolations(b.page, 'a list shared with a viewer', WCAG_22_AA);

    // Revoked: the link Bob used no longer works (for anyone), and the field shows a new one.
    await page.getByRole('button', { name: 'Revoke links' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'no longer works' })).toBeVisible();
    await expect(link).not.toHaveValue(invite.href);
    await expect(link).toHaveValue(/#\/join\//);
    const afterRevoking = new URL(await link.inputValue());
    await b.page.goto(`/${invite.hash}`);
    await expect(b.page.getByRole('alert')).toContainText('This invite link does not work');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete list' }).click();
    await expect(listLink(page, 'Doomed')).toHaveCount(0);
    await b.page.goto('/#/');
    await expect(listLink(b.page, 'Doomed')).toHaveCount(0, AFTER_NEXT_POLL);
    // The link of a deleted list joins nothing.
    await b.page.goto(`/${afterRevoking.hash}`);
    await expect(b.page.getByRole('alert')).toContainText('This invite link does not work');
    await b.page.getByRole('link', { name: 'Back to your todos' }).click();
    await expect(listLink(b.page, 'Todos')).toHaveAttribute('aria-current', 'page');
  } finally {
    await bob.close();
  }
});

test('a member who leaves loses the list at once; the owner sees one member fewer', async ({ app, page, browser, baseURL }) => {
  const { invite } = await sharedList(app, 'Club', 'agenda');
  const bob = await otherPerson(browser, baseURL);
  try {
    const b = bob.app;
    await b.page.goto(`/${invite.hash}`);
    await expect(b.labels).toHaveText(['agenda']);
    await b.page.getByRole('button', { name: 'Leave list' }).click();
    await expect(listLink(b.page, 'Club')).toHaveCount(0);
    await expect(b.page).toHaveURL(/#\/$/);
    await expect(b.page.getByTestId('announcer')).toContainText('You left “Club”.');
    await page.getByRole('button', { name: 'Members' }).click();
    await expect(page.getByRole('list', { name: 'Members of “Club”' }).getByRole('listitem')).toHaveCount(1);
  } finally {
    await bob.close();
  }
});
