/**
 * Shared test setup: every test runs as its own user, so tests never see each other's
 * todos. The `app` fixture opens the app signed in as that user with a session the web
 * client got from the local identity provider in Node (web-session.ts, decision 095);
 * tests about signing in and out, and any that need the provider's own session, use
 * `test.use({ signInThrough: 'page' })` to click "Sign in" and type the user name on
 * the provider's real page instead. It also gets a small page object for the TodoMVC
 * markup plus direct API access as the same user, with a real bearer token from the
 * provider's code + PKCE flow (the CLI's client).
 */
import { createHash } from 'node:crypto';
import { test as base, expect, type APIRequestContext, type APIResponse, type Locator, type Page, type Response, type Route } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI, WEB_CONFIG_PATH, webConfigSchema } from '../shared/web-config';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { createDocumentClient } from '../server/dynamodb/document-client';
import { LOCAL_TABLE_NAME } from '../server/local/local-environment';
import { localClient } from '../server/local/local-client';
import { seedTodos } from '../server/testing/seed-todos';
import { ownerPartitionKey } from '../server/todos/todo-keys';
import { E2E_DYNAMODB_PORT } from './ports';
import { webSessionFor } from './web-session';

export { expect };

/** The stored todo as the API returns it (kept local: e2e does not import app code). */
export interface StoredTodo {
  id: string;
  name: string;
  status: 'pending' | 'completed';
  version: number;
}

export class TodoApp {
  readonly newTodo: Locator;
  readonly main: Locator;
  readonly footer: Locator;
  readonly items: Locator;
  readonly labels: Locator;
  readonly toggleAll: Locator;
  readonly count: Locator;
  readonly clearCompleted: Locator;
  readonly errorBanner: Locator;
  readonly loading: Locator;
  /** The app's own Sign in button (signed-out page, or asking to sign in again). */
  readonly signInButton: Locator;
  /** The account landmark: who is signed in, and Sign out. */
  readonly account: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.newTodo = page.locator('.new-todo');
    this.main = page.locator('section.main');
    this.footer = page.locator('footer.footer');
    this.items = page.locator('ul.todo-list > li');
    this.labels = page.locator('ul.todo-list > li label');
    this.toggleAll = page.locator('#toggle-all');
    this.count = page.locator('span.todo-count');
    this.clearCompleted = page.locator('button.clear-completed');
    this.errorBanner = page.locator('div.error-banner[role=alert]');
    this.loading = page.locator('.todoapp .loading');
    this.signInButton = page.getByRole('button', { name: 'Sign in', exact: true });
    this.account = page.getByRole('navigation', { name: 'Account' });
    this.signOutButton = this.account.getByRole('button', { name: 'Sign out' });
  }

  /**
   * Signs in the way a person does: open the app, click "Sign in", type the user
   * name on the provider's page, click its "Sign in", and wait for the list.
   */
  async signIn(user: string, path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.signInButton.click();
    await submitSignInPage(this.page, user);
    await this.waitForList();
  }

  /**
   * Opens the app already signed in (decision 095): the web client's session for `user`,
   * made in Node (web-session.ts), is put where the app's oidc-client-ts reads it (this
   * tab's sessionStorage), then the app opens at `path` and shows the list. No sign-in
   * page and no session at the provider: a later "Sign in" asks for the name.
   */
  async signInWithSession(user: string, path = '/'): Promise<void> {
    // A page of the app's origin that does not start the app: sessionStorage belongs to a tab
    // and an origin, and the app reads it once, when it starts. (In a tab that the app's service
    // worker already controls, every navigation outside /trpc gets the app: sign in first.)
    const response = await this.page.goto(WEB_CONFIG_PATH);
    if (!response?.ok()) throw new Error(`Fast sign-in: ${WEB_CONFIG_PATH} answered ${response?.status() ?? 'nothing'}`);
    const { auth } = webConfigSchema.parse(await response.json());
    const session = await webSessionFor(new URL(this.page.url()).origin, auth, user);
    await this.page.evaluate(({ key, value }) => sessionStorage.setItem(key, value), session);
    await this.page.goto(path);
    // Fail at once, and say why, if the app did not take the session (it shows Sign in).
    await expect(this.newTodo.or(this.signInButton)).toBeVisible();
    if (await this.signInButton.isVisible()) {
      throw new Error(`Fast sign-in: the app opened signed out, so it did not read the session stored under "${session.key}" (see e2e/web-session.ts)`);
    }
    await this.waitForList();
  }

  /** Waits until the signed-in app has loaded (input usable, no loading line). */
  async waitForList(): Promise<void> {
    await expect(this.newTodo).toBeVisible();
    await expect(this.loading).toHaveCount(0);
  }

  /**
   * Deletes this browser's local copies of the todos (IndexedDB), so the next open
   * loads the list from the network, as on a first visit. Leaves the page on a
   * same-origin URL without the app (whose open database would block the delete): an API
   * path, which the app's service worker never answers with the app (its navigation fallback
   * leaves /trpc alone), where /config.json would start the app in a tab it controls, and the
   * app would store the list again while it is being deleted.
   */
  async forgetLocalCopy(): Promise<void> {
    await this.page.goto(BLANK_SAME_ORIGIN_PATH);
    await this.page.evaluate(async () => {
      for (const { name } of await indexedDB.databases()) {
        if (!name) continue;
        await new Promise((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = resolve;
        });
      }
    });
  }

  /**
   * What this browser keeps of the signed-in user's todos (their IndexedDB database, decision
   * 065): how many rows, unsent writes (`outbox`) and whether the feed cursor is there; `null`
   * when there is no such database. Read from `user`'s database, or the only one there is.
   */
  localCopy(user?: string): Promise<{ rows: number; outbox: number; cursor: boolean } | null> {
    return this.page.evaluate(readLocalCopy, user ?? null);
  }

  /**
   * Waits until the app's service worker is active and controls the page (the shell is
   * precached then), and has kept a copy of /config.json (which a first visit reads again
   * once the worker controls the page). Only in tests that allow service workers
   * (`test.use({ serviceWorkers: 'allow' })`; the config blocks them).
   */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => this.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/sw\.js$/);
    await expect.poll(() => this.page.evaluate(async () => (await caches.match('/config.json')) !== undefined)).toBe(true);
  }

  /** The names of the todo databases in this browser profile (`todos:<user id>`). */
  localCopies(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith('todos:') ? [name] : [])));
  }

  /** The status line: "All changes saved", "Syncing…", "Offline — 2 changes waiting" (visual, not a live region). */
  get syncStatus(): Locator {
    return this.page.locator('.sync-status');
  }

  /**
   * Signs out once every change is sent (with changes waiting, Sign out asks first; the test
   * of that answers the question itself).
   */
  async signOut(): Promise<void> {
    await expect(this.syncStatus).not.toHaveText(/Syncing…|— \d+ changes? waiting/);
    await this.signOutButton.click();
    await expect(this.signInButton).toBeVisible();
  }

  /** Opens the app and waits until the first load finished (input usable, no loading line). */
  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.newTodo).toBeVisible();
    await expect(this.loading).toHaveCount(0);
  }

  item(name: string): Locator {
    return this.items.filter({ has: this.page.locator('label', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
  }

  /** Adds todos through the input; resolves once the server stored each one. */
  async add(...names: string[]): Promise<void> {
    for (const name of names) {
      await this.afterResponse('todos.create', () => this.newTodo.fill(name).then(() => this.newTodo.press('Enter')));
    }
  }

  /** Runs `action` and waits for the API response to the given procedure. */
  async afterResponse(procedure: string, action: () => Promise<unknown>): Promise<Response> {
    const response = this.page.waitForResponse((r) => r.url().includes(`/trpc/${procedure}`));
    await action();
    return response;
  }

  toggle(name: string): Locator {
    return this.item(name).locator('input.toggle');
  }

  /**
   * The row at `position` (1 = first) of the list shown. The list is virtualized:
   * only rows near the window are in the DOM, each saying where it is (aria-posinset).
   */
  row(position: number): Locator {
    return this.page.locator(`ul.todo-list > li[aria-posinset="${position}"]`);
  }

  /**
   * Scrolls the page, as a user dragging the scroll bar would, until the row at
   * `position` is in the DOM and fully in the window, then waits for the list to
   * settle (no more rows mounting).
   */
  async scrollToRow(position: number): Promise<Locator> {
    await expect
      .poll(() => this.page.evaluate(scrollTowardsRow, position), { message: `row ${position} comes into view`, intervals: [50, 100, 250] })
      .toBe(true);
    await this.waitForListToSettle();
    return this.row(position);
  }

  /** Resolves once the window's scroll position and the rendered rows stayed the same for a few frames. */
  async waitForListToSettle(): Promise<void> {
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let previous = '';
          let stableFrames = 0;
          const check = () => {
            const rows = [...document.querySelectorAll('ul.todo-list > li')].map((row) => row.getAttribute('aria-posinset'));
            const state = `${window.scrollY} ${rows.join(',')}`;
            stableFrames = state === previous ? stableFrames + 1 : 0;
            previous = state;
            if (stableFrames >= 5) resolve();
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
  }
}

/** Runs in the page: counts the kinds of keys in one todo database (see `TodoApp.localCopy`). */
async function readLocalCopy(user: string | null): Promise<{ rows: number; outbox: number; cursor: boolean } | null> {
  const names = (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith('todos:') ? [name] : []));
  const name = user === null ? names[0] : names.find((candidate) => candidate.endsWith(`:${user}`));
  if (name === undefined) return null;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  try {
    // One store per concern (issue 22); the rows are pages with changes laid over them (decision 081).
    if (!db.objectStoreNames.contains('pages')) return { rows: 0, outbox: 0, cursor: false };
    const transaction = db.transaction(['pages', 'changes', 'outbox', 'meta']);
    const ask = <T,>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    const [pages, changeKeys, changes, outbox, cursor] = await Promise.all([
      ask(transaction.objectStore('pages').getAll() as IDBRequest<{ id: string }[][]>),
      ask(transaction.objectStore('changes').getAllKeys()),
      ask(transaction.objectStore('changes').getAll() as IDBRequest<unknown[]>),
      ask(transaction.objectStore('outbox').count()),
      ask(transaction.objectStore('meta').count('copy')),
    ]);
    const ids = new Set(pages.flat().map((row) => row.id));
    changeKeys.forEach((key, index) => (changes[index] === null ? ids.delete(key as string) : ids.add(key as string)));
    return { rows: ids.size, outbox, cursor: cursor > 0 };
  } finally {
    db.close();
  }
}

/**
 * Runs in the page: true when the row at `position` is rendered and fully in
 * the window; otherwise scrolls towards it (by the list's average row height) and
 * returns false, to be called again once the list has rendered the new rows.
 */
function scrollTowardsRow(position: number): boolean {
  const list = document.querySelector('ul.todo-list');
  if (!list) return false;
  const target = list.querySelector(`:scope > li[aria-posinset="${position}"]`);
  if (target) {
    const box = target.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return true;
    target.scrollIntoView({ block: 'center' });
    return false;
  }
  const setSize = Number(list.querySelector(':scope > li')?.getAttribute('aria-setsize') ?? '0');
  if (position < 1 || position > setSize) return false;
  const listBox = list.getBoundingClientRect();
  const rowTop = listBox.top + (listBox.height * (position - 1)) / setSize;
  window.scrollTo({ top: window.scrollY + rowTop - window.innerHeight / 2 });
  return false;
}

/** Fills in and submits the local identity provider's sign-in page. */
export async function submitSignInPage(page: Page, user: string): Promise<void> {
  await page.getByLabel('User name').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** After clicking "Sign in" again: the provider either still knows the user (straight back) or asks for the name. */
export async function finishSignInAgain(app: TodoApp, user: string): Promise<void> {
  const userName = app.page.getByLabel('User name');
  await expect(userName.or(app.newTodo)).toBeVisible();
  if (await userName.isVisible()) await submitSignInPage(app.page, user);
  await app.waitForList();
}

/** What assistive technology was told: each new text of a live region, in order. */
export interface Announcement {
  /** `polite` (aria-live=polite, role=status) or `assertive` (role=alert, aria-live=assertive). */
  live: 'polite' | 'assertive';
  text: string;
}

declare global {
  interface Window {
    __announcements?: Announcement[];
  }
}

/**
 * Records every text a live region of the page takes from now on (add before the page
 * opens: an init script, so a reload keeps recording): `announcements()` reads them.
 * Covers `aria-live` regions and `role=status|alert|log`, including ones added later.
 */
export async function recordAnnouncements(page: Page): Promise<() => Promise<Announcement[]>> {
  await page.addInitScript(() => {
    const announcements: Announcement[] = [];
    window.__announcements = announcements;
    const liveness = (element: Element): Announcement['live'] | undefined => {
      const live = element.getAttribute('aria-live');
      const role = element.getAttribute('role');
      if (live === 'assertive' || role === 'alert') return 'assertive';
      if (live === 'polite' || role === 'status' || role === 'log') return 'polite';
      return undefined;
    };
    const last = new WeakMap<Element, string>();
    const check = () => {
      for (const region of document.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log]')) {
        const live = liveness(region);
        const raw = region.textContent;
        // The app's announcer adds a no-break space to repeat a message: a change, read again.
        const text = raw.replace(/\u00a0/g, ' ').trim();
        if (!live || text === '' || last.get(region) === raw) continue;
        last.set(region, raw);
        announcements.push({ live, text });
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => window.__announcements ?? []);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An access token of `user` for the app at `baseUrl`: the provider and client come
 * from the app's own `/config.json`; the sign-in is the provider's real code + PKCE
 * flow with the CLI's client, its form submitted without a browser.
 */
export async function accessTokenFor(baseUrl: string, user: string): Promise<string> {
  const response = await fetch(new URL(WEB_CONFIG_PATH, baseUrl));
  const { auth } = webConfigSchema.parse(await response.json());
  if (!auth.cliClientId) throw new Error('config.json names no CLI client');
  const tokens = await signInLocallyByName({
    authority: auth.authority,
    clientId: auth.cliClientId,
    redirectUri: CLI_LOOPBACK_REDIRECT_URI,
    userName: user,
    scope: USER_SIGN_IN_SCOPE,
  });
  return tokens.accessToken;
}

/** The local API as one user, for setting up or changing data behind the UI's back. */
export class UserApi {
  private token: Promise<string> | undefined;

  constructor(
    private readonly request: APIRequestContext,
    private readonly user: string,
    private readonly baseUrl: string,
  ) {}

  /** Signs in on first use only: most tests never call the API directly. */
  private async headers(): Promise<Record<string, string>> {
    this.token ??= accessTokenFor(this.baseUrl, this.user);
    return { authorization: `Bearer ${await this.token}` };
  }

  /**
   * A POST as the app's client sends it: JSON body plus its SHA-256, which the edge
   * (CloudFront origin access control, emulated by the local server) requires.
   */
  private async post(path: string, input: unknown) {
    const body = JSON.stringify(input);
    return this.request.post(path, {
      data: body,
      headers: {
        ...(await this.headers()),
        'content-type': 'application/json',
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
    });
  }

  /**
   * A GET as the user. Sent again once if the connection was reset: after a quiet spell (a
   * seeding straight into the table) the kept-alive connection may be closed by the server just
   * as the request goes out, and a GET is safe to repeat, which is what browsers do too.
   */
  private async get(path: string): Promise<APIResponse> {
    const send = async () => this.request.get(path, { headers: await this.headers() });
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof Error && /ECONNRESET|socket hang up/.test(error.message))) throw error;
      return send();
    }
  }

  /** The signed-in user's id, as `me` says it. */
  async userId(): Promise<string> {
    const response = await this.get('/trpc/me');
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
  }

  /**
   * Many pending todos in the user's default list, in order, in seconds: the first through the
   * API (so the default list is set up as any first write does), the rest straight into the e2e
   * server's table with the items the API itself stores (server/testing/seed-todos.ts), a quarter
   * of the cost of creating them through the API.
   */
  async seed(names: readonly string[]): Promise<void> {
    const [first, ...rest] = names;
    if (first === undefined) return;
    await this.create([first]);
    const client = createDocumentClient(localClient(`http://127.0.0.1:${E2E_DYNAMODB_PORT}`));
    try {
      await seedTodos({ client, tableName: LOCAL_TABLE_NAME, partition: ownerPartitionKey(await this.userId()), names: rest });
    } finally {
      client.destroy();
    }
  }

  async list(): Promise<StoredTodo[]> {
    const response = await this.get('/trpc/todos.list');
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { result: { data: { items: StoredTodo[] } } };
    return body.result.data.items;
  }

  /** Every todo of the user, all pages of the list (in id order, so creation order). */
  async listAll(): Promise<StoredTodo[]> {
    const all: StoredTodo[] = [];
    let cursor: string | null = null;
    do {
      const input: string = JSON.stringify({ limit: LIST_PAGE_LIMIT, ...(cursor !== null && { cursor }) });
      const response = await this.get(`/trpc/todos.list?input=${encodeURIComponent(input)}`);
      expect(response.ok(), await response.text()).toBe(true);
      const page: { items: StoredTodo[]; nextCursor: string | null } = ((await response.json()) as { result: { data: { items: StoredTodo[]; nextCursor: string | null } } }).result.data;
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }

  /** A tRPC mutation over plain HTTP: POST with the JSON input as the body. */
  async mutate(procedure: 'todos.create' | 'todos.update' | 'todos.delete', input: unknown): Promise<unknown> {
    const response = await this.post(`/trpc/${procedure}`, input);
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }

  /**
   * Creates todos in order (ids are UUIDv7, so list order is creation order): 100
   * per call (the server's per-write limit), a few calls per batched HTTP request.
   * DynamoDB Local on a small machine cannot always store 100 transactions at once
   * within the API's time budget; a call it answers 503 for ("nothing was lost") is
   * sent again after the answer's Retry-After, as any client should (on a machine whose
   * cores other test suites share, a few rounds may be needed), and on a second try
   * "id taken" means that an earlier try did store it.
   */
  async create(names: string[]): Promise<void> {
    const calls: { items: { id: string; name: string }[] }[] = [];
    for (let start = 0; start < names.length; start += 100) {
      calls.push({ items: names.slice(start, start + 100).map((name) => ({ id: uuidv7(), name })) });
    }
    for (let first = 0; first < calls.length; first += CALLS_PER_SETUP_REQUEST) {
      let pending = calls.slice(first, first + CALLS_PER_SETUP_REQUEST);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const path = pending.map(() => 'todos.create').join(',');
        const body = Object.fromEntries(pending.map((input, index) => [String(index), input]));
        const response = await this.post(`/trpc/${path}?batch=1`, body);
        const text = await response.text();
        const results = JSON.parse(text) as unknown;
        expect(Array.isArray(results), `HTTP ${response.status()}: ${text}`).toBe(true);
        const codes = (results as { error?: { data?: { code?: string } } }[]).map((result) => result.error?.data?.code);
        // On a retry, "id taken" means an earlier try did store the call after all.
        const isFailure = (code: string | undefined) => code !== undefined && !(attempt > 1 && code === 'CONFLICT');
        const failed = pending.filter((_, index) => isFailure(codes[index]));
        const retryable = codes.filter(isFailure).every((code) => code === 'SERVICE_UNAVAILABLE');
        expect(failed.length === 0 || (retryable && attempt < SETUP_ATTEMPTS), text.slice(0, 1000)).toBe(true);
        pending = failed;
        if (pending.length > 0) {
          const retryAfterS = Number(response.headers()['retry-after'] ?? '1');
          await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(retryAfterS) ? retryAfterS : 1) * 1000));
        }
      }
    }
  }
}

/** A page of the app's origin that is never the app: the API's answer to an unknown path (decision 044's worker leaves /trpc alone). */
const BLANK_SAME_ORIGIN_PATH = '/trpc/no-such-procedure';

/** The largest list page the API gives (shared/limits.ts LIST_PAGE_SIZE_MAX). */
const LIST_PAGE_LIMIT = 2500;

/** Calls (of 100 todos each) per HTTP request when setting up data. */
const CALLS_PER_SETUP_REQUEST = 10;
/** Tries of one setup request whose calls DynamoDB Local could not store in time (503). */
const SETUP_ATTEMPTS = 8;

/** The API's error for one call while DynamoDB cannot answer (a 503 the client retries). */
export const SERVICE_UNAVAILABLE_ERROR = { error: { message: 'Service unavailable', code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } };

/** Answers a batched API request (one call in it) as the API does while DynamoDB cannot answer. */
export function answerServiceUnavailable(route: Route, headers?: Record<string, string>): Promise<void> {
  return route.fulfill({ status: 503, ...(headers && { headers }), contentType: 'application/json', body: JSON.stringify([SERVICE_UNAVAILABLE_ERROR]) });
}

/**
 * How the `app` fixture signs its user in: `session` puts a session made in Node into the
 * tab (fast, decision 095); `page` goes through the app's Sign in and the provider's page,
 * which also leaves the provider's session cookie, as a person's sign-in does.
 */
export type SignInThrough = 'session' | 'page';

export const test = base.extend<{ user: string; signInThrough: SignInThrough; app: TodoApp; userApi: UserApi }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern for fixture deps
  user: async ({}, use, testInfo) => {
    await use(`e2e-${testInfo.workerIndex}-${uuidv7()}`);
  },
  signInThrough: ['session', { option: true }],
  // Signed in as the test's user before the test starts.
  app: async ({ page, user, signInThrough }, use) => {
    const app = new TodoApp(page);
    if (signInThrough === 'page') await app.signIn(user);
    else await app.signInWithSession(user);
    await use(app);
  },
  userApi: async ({ request, user, baseURL }, use) => {
    if (!baseURL) throw new Error('baseURL is not configured');
    await use(new UserApi(request, user, baseURL));
  },
});
