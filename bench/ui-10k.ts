/**
 * Web UI with 10,000 todos in headless Chromium (Debian's /usr/bin/chromium): how
 * long the first render of the full list takes, and how long one action takes
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

export async function benchUi(baseUrl: string): Promise<Summary[]> {
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
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      await page.goto(baseUrl);
      await page.waitForFunction((n) => document.querySelectorAll('.todo-list li').length === n, TODOS, {
        timeout: 60_000,
        polling: 50,
      });
      loads.push(Date.now() - start);
    }

    // Time from click to the row's class changing, measured in the page.
    const toggles: number[] = [];
    for (let i = 0; i < ACTIONS; i++) {
      toggles.push(
        await page.evaluate(async (index) => {
          const row = document.querySelectorAll('.todo-list li')[index];
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
        }, 100 + i * 397),
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
          const count = list.children.length;
          const added = new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (list.children.length > count) {
                observer.disconnect();
                resolve(performance.now());
              }
            });
            observer.observe(list, { childList: true });
          });
          // React listens to native input events; set the value the way a user's typing does.
          const valueProperty = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
          valueProperty?.set?.call(input, name);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const start = performance.now();
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
          return (await added) - start;
        }, `added ${i}`),
      );
    }
    return [
      summarize(`open the app until all ${TODOS.toLocaleString('en')} rows are in the DOM`, loads),
      summarize('toggle one todo: click → row updated', toggles),
      summarize('add one todo: Enter → row in the list', adds),
    ];
  } finally {
    await browser.close();
  }
}

export const formatUiResults = (results: Summary[]): string => formatSummaries('action', results);
