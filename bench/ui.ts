/**
 * The web UI at 1,000, 10,000 and 100,000 todos in headless Chromium (Debian's
 * /usr/bin/chromium), each figure next to its budget (issue 10):
 *
 * - cold open: an empty browser cache, no service worker and no local copy, signed in (the
 *   session is per tab); until the first row is drawn, and until the list and its counter
 *   show every todo; the longest main-thread task meanwhile (Long Tasks API);
 * - warm open: a reload with the local copy in IndexedDB (issue 9);
 * - toggle and add: from the click / Enter to the DOM, measured inside the page, so the
 *   optimistic update is what is timed, not the network;
 * - rows in the DOM (the list is virtualized, decision 041).
 *
 * Times are taken inside the page (`performance.now()` since navigation start), so the
 * automation's own round trips do not count. The data is created through the API with the
 * user's own access token; the browser signs in on the local provider's page like a person.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { createTodosClient } from '../client/api/create-todos-client';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../e2e/chromium';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { MAX_ITEMS_PER_WRITE } from '../shared/limits';
import { CLI_LOOPBACK_REDIRECT_URI, WEB_CONFIG_PATH, webConfigSchema } from '../shared/web-config';
import { median, ms } from './measure';
import { POLL_INTERVAL_MS } from '../client/src/data/sync/change-feed-poller';
import { SETTLE_MS } from '../server/todos/todo-change-cursor';

const ACTIONS = 25;
const OPENS = 3;
/** The change feed's window and one poll more. */
const FEED_WINDOW_MS = SETTLE_MS + POLL_INTERVAL_MS;

export interface UiSizeResults {
  todos: number;
  coldFirstRow: number[];
  coldAll: number[];
  longestTaskCold: number[];
  warmAll: number[];
  toggle: number[];
  add: number[];
  rowsInDom: number[];
  /** As a person meets it (issue 22): a new browser, the app opened, signed in on the provider's page, until the full count shows. */
  firstOpenWithSignIn: number[];
  /** A new tab of the same browser right after the first open: until the full count shows, and the requests it sent meanwhile. */
  reopenAfterFirstLoad: number[];
  reopenRequests: number[];
  /** A new tab of the same browser once the local copy is stored, after the edits above. */
  warmReopen: number[];
  warmReopenRequests: number[];
  /** What the warm reopen asked the server for (procedure or path, in order). */
  warmReopenRequestList: string[];
  /** From the click on another list's link (as many todos in it) to its first row drawn, back and forth; up to 10,000 todos. */
  listSwitch: number[];
}

/** Signs a fresh local user in through the CLI client and returns an API client with their token. */
export async function benchUser(baseUrl: string, name: string) {
  const { auth } = webConfigSchema.parse(await (await fetch(new URL(WEB_CONFIG_PATH, baseUrl))).json());
  if (!auth.cliClientId) throw new Error('config.json names no CLI client');
  const { accessToken } = await signInLocallyByName({
    authority: auth.authority,
    clientId: auth.cliClientId,
    redirectUri: CLI_LOOPBACK_REDIRECT_URI,
    userName: name,
    scope: USER_SIGN_IN_SCOPE,
  });
  return createTodosClient({ url: `${baseUrl}/trpc`, getToken: () => accessToken });
}

export async function createTodos(api: ReturnType<typeof createTodosClient>, count: number): Promise<void> {
  for (let done = 0; done < count; done += MAX_ITEMS_PER_WRITE) {
    const size = Math.min(MAX_ITEMS_PER_WRITE, count - done);
    await api.todos.create.mutate({ items: Array.from({ length: size }, (_, i) => ({ name: `todo ${done + i}` })) });
  }
}

/** A new browser context (no cookies, cache or local copy) whose pages note their longest main-thread task. */
async function benchContext(browser: Browser) {
  const context = await browser.newContext();
  // BENCH_DEBUG=1: what the pages log, with the steps.
  if (process.env.BENCH_DEBUG) {
    context.on('console', (message) => console.log(`      page ${message.type()}: ${message.text()}`));
    context.on('response', (response) => {
      if (response.status() >= 400) void response.text().then((body) => console.log(`      ${response.status()} ${response.url().slice(0, 120)} ${response.request().postData()?.slice(0, 300)} ${body.slice(0, 300)}`));
    });
  }
  // The longest main-thread task since the page started, for the cold-open figure.
  await context.addInitScript(() => {
    const state = { longest: 0 };
    Object.assign(window, { benchTasks: state });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longest = Math.max(state.longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  return context;
}

/** A page of a new browser context, signed in as `user` on the provider's page. */
export async function signedInPage(browser: Browser, baseUrl: string, user: string): Promise<Page> {
  const page = await (await benchContext(browser)).newPage();
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('User name').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.new-todo').waitFor({ timeout: 120_000 });
  return page;
}

/** How long a figure may take before it is reported as not reached (NaN) instead. */
const GIVE_UP_MS = 120_000;

/** Milliseconds since navigation start until `count` todos are listed and a row is drawn; NaN if not within GIVE_UP_MS. */
export async function untilListed(page: Page, count: number): Promise<number> {
  const handle = await page
    .waitForFunction(
    (n) =>
      document.querySelector('.todo-count strong')?.textContent === n && document.querySelector('.todo-list li') !== null
        ? performance.now()
        : false,
    // The counter shows the plain number ("10000 items left").
    String(count),
    { timeout: GIVE_UP_MS, polling: 'raf' },
  )
    .catch(() => undefined);
  if (handle) return (await handle.jsonValue()) as number;
  const shown = await page.evaluate(() => document.querySelector('.todo-count strong')?.textContent ?? 'no counter');
  console.log(`    ${count} todos not listed within ${GIVE_UP_MS / 1000} s; the counter shows ${shown}`);
  return Number.NaN;
}

async function untilFirstRow(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (document.querySelector('.todo-list li') ? performance.now() : false), undefined, {
    timeout: 300_000,
    polling: 'raf',
  });
  return (await handle.jsonValue()) as number;
}

/**
 * Waits until the app has stored its whole local copy, so the next open is a warm one: the
 * copy's record says it is complete (`meta`/`copy`, issue 22), or, in the layout before it, the
 * change-feed cursor is there (written with the full list in one IndexedDB transaction).
 */
export async function untilLocalCopySaved(page: Page): Promise<void> {
  const saved = () =>
    page.evaluate(async () => {
      const names = (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith('todos:') ? [name] : []));
      for (const name of names) {
        const found = await new Promise<boolean>((resolve) => {
          const open = indexedDB.open(name);
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const db = open.result;
            try {
              const layout = db.objectStoreNames.contains('meta') ? { store: 'meta', key: 'copy' } : { store: 'data', key: 'cursor' };
              const get = db.transaction(layout.store).objectStore(layout.store).get(layout.key);
              get.onsuccess = () => {
                const value = get.result as { complete?: boolean } | string | undefined;
                resolve(typeof value === 'string' || value?.complete === true);
              };
              get.onerror = () => resolve(false);
            } catch {
              resolve(false);
            } finally {
              db.close();
            }
          };
        });
        if (found) return true;
      }
      return false;
    });
  // Polled from here: waitForFunction does not wait for an async predicate's promise.
  const deadline = Date.now() + GIVE_UP_MS;
  while (!(await saved())) {
    if (Date.now() > deadline) throw new Error(`the local copy was not saved within ${GIVE_UP_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Forgets everything the browser keeps for the app except the session: HTTP cache, service worker, local copy. */
async function forgetLocalState(page: Page, baseUrl: string): Promise<void> {
  // A same-origin page that runs none of the app, so nothing holds the database open.
  await page.goto(new URL(WEB_CONFIG_PATH, baseUrl).href);
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const key of await caches.keys()) await caches.delete(key);
    for (const { name } of await indexedDB.databases()) {
      if (name) {
        await new Promise((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = resolve;
          request.onerror = reject;
          request.onblocked = resolve;
        });
      }
    }
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
}

export async function benchUiAtSize(baseUrl: string, browser: Browser, todos: number): Promise<UiSizeResults> {
  const user = `ui-bench-${todos}-${Date.now()}`;
  const api = await benchUser(baseUrl, user);
  await createTodos(api, todos);
  const results: UiSizeResults = {
    todos,
    coldFirstRow: [],
    coldAll: [],
    longestTaskCold: [],
    warmAll: [],
    toggle: [],
    add: [],
    rowsInDom: [],
    firstOpenWithSignIn: [],
    reopenAfterFirstLoad: [],
    reopenRequests: [],
    warmReopen: [],
    warmReopenRequests: [],
    warmReopenRequestList: [],
    listSwitch: [],
  };
  const step = (what: string) => process.env.BENCH_DEBUG && console.log(`    ${new Date().toISOString()} ${what}`);
  step('seeded');
  const { page, firstOpen } = await firstOpenWithSignIn(browser, baseUrl, user, todos);
  step(`first open ${firstOpen}`);
  results.firstOpenWithSignIn.push(firstOpen);
  {
    // Right after the first open, the local copy may still be being written.
    const reopened = await reopenInNewTab(page, baseUrl, String(todos));
    results.reopenAfterFirstLoad.push(reopened.ms);
    results.reopenRequests.push(reopened.requests.length);
    await reopened.tab.close();
    step(`reopen ${reopened.ms}`);
  }
  // At 100,000 one open of each kind (each takes long, and their spread is not the point).
  const opens = todos >= 100_000 ? 1 : OPENS;
  for (let i = 0; i < opens; i++) {
    step(`cold open ${i}`);
    await forgetLocalState(page, baseUrl);
    step('forgotten');
    await page.goto(baseUrl);
    results.coldFirstRow.push(await untilFirstRow(page));
    results.coldAll.push(await untilListed(page, todos));
    results.longestTaskCold.push(await page.evaluate(() => (window as unknown as { benchTasks: { longest: number } }).benchTasks.longest));
  }
  for (let i = 0; i < opens; i++) {
    await untilLocalCopySaved(page);
    await page.goto(baseUrl);
    results.warmAll.push(await untilListed(page, todos));
    results.rowsInDom.push(await page.evaluate(() => document.querySelectorAll('.todo-list li').length));
  }
  step('opens done');
  for (let i = 0; i < ACTIONS; i++) results.toggle.push(await timeToggle(page, i));
  step('toggled');
  for (let i = 0; i < ACTIONS; i++) results.add.push(await timeAdd(page, `added ${i}`));
  step('added');
  // After the edits, once they are sent and the copy is stored: a new tab, as a person opens one.
  await page.locator('.sync-status', { hasText: 'All changes saved' }).waitFor({ timeout: GIVE_UP_MS });
  await untilLocalCopySaved(page);
  const active = (await page.locator('.todo-count strong').textContent()) ?? '';
  const reopened = await reopenInNewTab(page, baseUrl, active);
  results.warmReopen.push(reopened.ms);
  results.warmReopenRequests.push(reopened.requests.length);
  results.warmReopenRequestList.push(...reopened.requests);
  // Creating a second list of as many todos takes a request per 100: up to 10,000 only.
  if (todos <= 10_000) results.listSwitch.push(...(await listSwitches(page, api, todos)));
  step('lists switched');
  await page.context().close();
  return results;
}

/**
 * Issue 24: a second list with as many todos, made through the API; once the page knows it (the
 * feed names it, and its todos are read in full), its link and the default list's are clicked in
 * turn, each timed in the page from the click to the first row of that list drawn.
 */
async function listSwitches(page: Page, api: Awaited<ReturnType<typeof benchUser>>, todos: number): Promise<number[]> {
  const [second] = await api.lists.create.mutate({ items: [{ name: 'Second' }] });
  if (!second) throw new Error('lists.create answered no list');
  for (let done = 0; done < todos; done += MAX_ITEMS_PER_WRITE) {
    const size = Math.min(MAX_ITEMS_PER_WRITE, todos - done);
    await api.todos.create.mutate({ items: Array.from({ length: size }, (_, i) => ({ name: `second ${done + i}`, listId: second.id })) });
  }
  await page.locator('nav[aria-label="Lists"] a', { hasText: `Second ${todos} left` }).waitFor({ timeout: GIVE_UP_MS });
  // Until the bulk write has left the feed's window (15 s, decision 107): before, each poll reads the
  // new list again in full, which is what a bulk import costs, not what switching costs.
  await page.waitForTimeout(FEED_WINDOW_MS);
  const samples: number[] = [];
  for (let i = 0; i < 2 * OPENS; i++) {
    const [target, firstRow] = i % 2 === 0 ? ['Second', 'second '] : ['Todos', 'todo '];
    samples.push(
      // No named functions in here: the bench's TypeScript runner would wrap them in a helper the page lacks.
      await page.evaluate(
        async ({ target, firstRow }) => {
          const link = [...document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Lists"] a')].find((a) => a.textContent.startsWith(`${target} `));
          const start = performance.now();
          link?.click();
          while (!document.querySelector('.todo-list li label')?.textContent.startsWith(firstRow)) await new Promise((resolve) => requestAnimationFrame(resolve));
          return performance.now() - start;
        },
        { target, firstRow },
      ),
    );
  }
  if (process.env.BENCH_DEBUG) console.log(`    list switches: ${samples.map((sample) => Math.round(sample)).join(', ')} ms`);
  return samples;
}

/**
 * A person's first open: a new browser (no cookies, no cache, no local copy), the app, "Sign in",
 * the provider's page, the user name, back to the app, until the counter shows `todos`. From the
 * navigation start of the first page to the moment the last page shows the count (the clocks of
 * both documents are the browser's, `performance.timeOrigin`).
 */
async function firstOpenWithSignIn(browser: Browser, baseUrl: string, user: string, todos: number) {
  const page = await (await benchContext(browser)).newPage();
  await page.goto(baseUrl);
  const startedAt = await page.evaluate(() => performance.timeOrigin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('User name').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const listedAt = await untilListed(page, todos);
  const origin = await page.evaluate(() => performance.timeOrigin);
  return { page, firstOpen: origin + listedAt - startedAt };
}

/**
 * Opens the app in a new tab of the same browser (`window.open`, which gives the tab a copy of
 * this tab's session, as the browser does for a tab opened from a page), and returns the ms from
 * its navigation start until the counter shows `active`, with every request the tab sent to the
 * server (not those its service worker answered) until then and until the change feed's first
 * answer: what it takes to open and catch up.
 */
async function reopenInNewTab(from: Page, baseUrl: string, active: string) {
  const context = from.context();
  const requests: string[] = [];
  let tab: Page | undefined;
  // In an object: TypeScript does not see the listener change it.
  const feed = { answered: false };
  const onRequestFinished = (request: import('@playwright/test').Request) => {
    let page: Page | undefined;
    try {
      page = request.frame().page();
    } catch {
      return; // a service worker's own request
    }
    if (page === from || (tab !== undefined && page !== tab)) return;
    void request.response().then((response) => {
      if (response?.fromServiceWorker()) return;
      const url = new URL(request.url());
      requests.push(url.pathname.startsWith('/trpc/') ? url.pathname.slice('/trpc/'.length) : url.host === new URL(baseUrl).host ? url.pathname : url.href.split('?')[0] ?? '');
      if (url.pathname.includes('sync.changes')) feed.answered = true;
    });
  };
  context.on('requestfinished', onRequestFinished);
  try {
    const opened = context.waitForEvent('page');
    await from.evaluate((url) => void window.open(url, '_blank'), baseUrl);
    tab = await opened;
    const ms = await untilListed(tab, Number(active));
    const deadline = Date.now() + 10_000;
    while (!feed.answered && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return { tab, ms, requests: [...requests] };
  } finally {
    context.off('requestfinished', onRequestFinished);
  }
}

/** From the click on a row's checkbox to the row's class changing, on rows spread over the window. */
export function timeToggle(page: Page, i: number): Promise<number> {
  return page.evaluate(async (i) => {
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
  }, i);
}

/**
 * From Enter in the new-todo field to the counter counting the new todo. The new row goes at
 * the end of the list, which a long list does not scroll to (decision 066: focus stays in the
 * input); the counter is drawn in the same render as the list's data.
 */
export function timeAdd(page: Page, name: string): Promise<number> {
  return page.evaluate(async (name) => {
    const input = document.querySelector<HTMLInputElement>('.new-todo');
    const counter = document.querySelector('.todo-count strong');
    if (!input || !counter) throw new Error('app not rendered');
    const before = counter.textContent;
    const added = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (counter.textContent !== before) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(counter, { childList: true, subtree: true, characterData: true });
    });
    // The UI (Preact through preact/compat) listens to native input events; set the value the
    // way a user's typing does. The Enter in the same task must see it (NewTodo.tsx).
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, name);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const start = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
    return (await added) - start;
  }, name);
}

export async function benchUi(baseUrl: string, sizes: readonly number[]): Promise<UiSizeResults[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const results: UiSizeResults[] = [];
    for (const size of sizes) {
      console.log(`  ${size.toLocaleString('en')} todos…`);
      results.push(await benchUiAtSize(baseUrl, browser, size));
    }
    return results;
  } finally {
    await browser.close();
  }
}

const verdict = (value: number, budget: number, format: (value: number) => string) =>
  value <= budget ? 'met' : `**missed** by ${format(value - budget)}`;

/** One row per figure and size: p50 (and the worst sample), the budget and met / missed. */
export function formatUiResults(results: readonly UiSizeResults[]): string {
  const rows: string[] = ['| todos | figure | p50 | worst | budget | |', '|---|---|---|---|---|---|'];
  for (const r of results) {
    const n = r.todos.toLocaleString('en');
    const line = (figure: string, samples: number[], budget: number | undefined, format = ms) => {
      const p50 = median(samples);
    if (samples.some((sample) => Number.isNaN(sample))) {
      rows.push(`| ${n} | ${figure} | not reached within ${GIVE_UP_MS / 1000} s | | ${budget === undefined ? '–' : format(budget)} | ${budget === undefined ? '' : '**missed**'} |`);
      return;
    }
      rows.push(`| ${n} | ${figure} | ${format(p50)} | ${format(Math.max(...samples))} | ${budget === undefined ? '–' : format(budget)} | ${budget === undefined ? '' : verdict(p50, budget, format)} |`);
    };
    line('cold open: first row drawn', r.coldFirstRow, r.todos >= 100_000 ? 1500 : undefined);
    line('cold open: list and counter complete', r.coldAll, r.todos <= 10_000 ? 1500 : undefined);
    // The Long Tasks API reports tasks over 50 ms only: 0 means there was none.
    line('cold open: longest main-thread task (0: none over 50 ms)', r.longestTaskCold, 200);
    line('warm open (local copy): list and counter complete', r.warmAll, r.todos <= 10_000 ? 500 : undefined);
    line('toggle: click → row updated', r.toggle, 16);
    line('add: Enter → counter counts it (the row goes at the end)', r.add, 16);
    line('rows in the DOM', r.rowsInDom, 200, (value) => String(value));
    const big = r.todos >= 100_000;
    line('first open in a new browser, signing in on the provider’s page → full count', r.firstOpenWithSignIn, big ? 6000 : undefined);
    line('reopen in a new tab right after the first open → full count', r.reopenAfterFirstLoad, undefined);
    line('  its requests to the server (open and catch up)', r.reopenRequests, undefined, (value) => String(value));
    line('warm reopen in a new tab after edits (local copy) → full count', r.warmReopen, big ? 1500 : undefined);
    line('  its requests to the server (open and catch up)', r.warmReopenRequests, big ? 5 : undefined, (value) => String(value));
    if (r.listSwitch.length > 0) line('switch to another list of as many todos: click → its first row drawn', r.listSwitch, 100);
  }
  const lists = results.filter((r) => r.warmReopenRequestList.length > 0).map((r) => `${r.todos.toLocaleString('en')}: ${r.warmReopenRequestList.join(', ')}`);
  if (lists.length > 0) rows.push('', `Requests of the warm reopen in a new tab: ${lists.join('; ')}.`);
  return rows.join('\n');
}
