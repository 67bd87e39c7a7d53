/**
 * Web UI with 10,000 todos in headless Chromium (Debian's /usr/bin/chromium): how
 * long opening the app takes until the list and its counter are shown (the list
 * is virtualized, decision 041: only the rows near the window are rendered, and
 * how many is reported too), and how long one action takes
 * from the click/keypress to the DOM showing it (measured inside the page, so the
 * optimistic update is what is timed, not the network). The data is created through
 * the API with the user's own access token; the browser signs in as that user on
 * the local identity provider's sign-in page, like a person would.
 */
import { chromium } from '@playwright/test';
import { createTodosClient } from '../client/api/create-todos-client';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../e2e/chromium';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { MAX_ITEMS_PER_WRITE } from '../shared/limits';
import { CLI_LOOPBACK_REDIRECT_URI, WEB_CONFIG_PATH, webConfigSchema } from '../shared/web-config';
import { formatSummaries, summarize, type Summary } from './measure';

const TODOS = 10_000;
const ACTIONS = 25;

export interface UiResults {
  actions: Summary[];
  /** `li` rows in the DOM after each load (the virtualized list renders only those near the window). */
  rowsInDom: number[];
}

export async function benchUi(baseUrl: string): Promise<UiResults> {
  const user = `ui-bench-${Date.now()}`;
  const { auth } = webConfigSchema.parse(await (await fetch(new URL(WEB_CONFIG_PATH, baseUrl))).json());
  if (!auth.cliClientId) throw new Error('config.json names no CLI client');
  const { accessToken } = await signInLocallyByName({
    authority: auth.authority,
    clientId: auth.cliClientId,
    redirectUri: CLI_LOOPBACK_REDIRECT_URI,
    userName: user,
    scope: USER_SIGN_IN_SCOPE,
  });
  const api = createTodosClient({ url: `${baseUrl}/trpc`, getToken: () => accessToken });
  for (let done = 0; done < TODOS; done += MAX_ITEMS_PER_WRITE) {
    await api.todos.create.mutate({
      items: Array.from({ length: MAX_ITEMS_PER_WRITE }, (_, i) => ({ name: `todo ${done + i}` })),
    });
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Sign in once (the session is kept in this tab's sessionStorage for the reloads below).
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('User name').fill(user);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.new-todo').waitFor({ timeout: 60_000 });
    const loads: number[] = [];
    const rowsInDom: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      await page.goto(baseUrl);
      // The counter says how many todos loaded; the first row says the list is drawn.
      await page.waitForFunction(
        (n) => document.querySelector('.todo-count strong')?.textContent === String(n) && document.querySelector('.todo-list li') !== null,
        TODOS,
        { timeout: 60_000, polling: 50 },
      );
      loads.push(Date.now() - start);
      rowsInDom.push(await page.evaluate(() => document.querySelectorAll('.todo-list li').length));
    }

    // Time from click to the row's class changing, measured in the page, on rows
    // spread over those in the DOM (the window's rows and the rows just beyond).
    const toggles: number[] = [];
    for (let i = 0; i < ACTIONS; i++) {
      toggles.push(
        await page.evaluate(async (i) => {
          const rows = document.querySelectorAll('.todo-list li');
          const row = rows[i % rows.length];
          const toggle = row?.querySelector<HTMLInputElement>('.toggle');
          if (!row || !toggle) throw new Error('row not found');
          const before = row.className;
          const changed = new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (row.className !== before) {
                observer.disconnect();
                resolve(performance.now());
              }
            });
            observer.observe(row, { attributes: true, attributeFilter: ['class'] });
          });
          const start = performance.now();
          toggle.click();
          return (await changed) - start;
        }, i),
      );
    }

    // Time from Enter in the new-todo field to the new row being in the list.
    const adds: number[] = [];
    for (let i = 0; i < ACTIONS; i++) {
      adds.push(
        await page.evaluate(async (name) => {
          const input = document.querySelector<HTMLInputElement>('.new-todo');
          const list = document.querySelector('.todo-list');
          if (!input || !list) throw new Error('app not rendered');
          // The new row is the last one: in a virtualized list it is in the DOM once
          // the list has scrolled to it, so watch for a row with its name. (No named
          // helper functions in here: tsx would wrap them in a `__name` call that does
          // not exist in the page.)
          const added = new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if ([...list.querySelectorAll('li label')].some((label) => label.textContent === name)) {
                observer.disconnect();
                resolve(performance.now());
              }
            });
            observer.observe(list, { childList: true, subtree: true, characterData: true });
          });
          // The UI (Preact through preact/compat, as React did) listens to native input events; set the
          // value the way a user's typing does. The Enter in the same task must see it (NewTodo.tsx).
          const valueProperty = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
          valueProperty?.set?.call(input, name);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const start = performance.now();
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
          return (await added) - start;
        }, `added ${i}`),
      );
    }
    return {
      actions: [
        summarize(`open the app until the list and its counter (${TODOS.toLocaleString('en')} items left) are shown`, loads),
        summarize('toggle one todo: click → row updated', toggles),
        summarize('add one todo: Enter → row in the list (scrolled into view)', adds),
      ],
      rowsInDom,
    };
  } finally {
    await browser.close();
  }
}

export const formatUiResults = ({ actions, rowsInDom }: UiResults): string =>
  `${formatSummaries('action', actions)}\n\nRows in the DOM after opening the app with ${TODOS.toLocaleString('en')} todos (1280 × 720 window): ${rowsInDom.join(', ')} (at most ${Math.max(...rowsInDom)}).`;
