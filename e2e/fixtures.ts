/**
 * Shared test setup: every test runs as its own user (the local API's
 * `x-local-user` header), so tests never see each other's todos, and gets a
 * small page object for the TodoMVC markup plus direct API access as that user.
 */
import { test as base, expect, type APIRequestContext, type Locator, type Page, type Response } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';

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
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The local API as one user, for setting up or changing data behind the UI's back. */
export class UserApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly user: string,
  ) {}

  private get headers() {
    return { 'x-local-user': this.user };
  }

  async list(): Promise<StoredTodo[]> {
    const response = await this.request.get('/trpc/todos.list', { headers: this.headers });
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { result: { data: { items: StoredTodo[] } } };
    return body.result.data.items;
  }

  /** A tRPC mutation over plain HTTP: POST with the JSON input as the body. */
  async mutate(procedure: 'todos.create' | 'todos.update' | 'todos.delete', input: unknown): Promise<unknown> {
    const response = await this.request.post(`/trpc/${procedure}`, { data: input, headers: this.headers });
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }

  /**
   * Creates todos in order (ids are UUIDv7, so list order is creation order): 100
   * per call (the server's per-write limit), up to 100 calls per batched HTTP request.
   */
  async create(names: string[]): Promise<void> {
    const calls: { items: { id: string; name: string }[] }[] = [];
    for (let start = 0; start < names.length; start += 100) {
      calls.push({ items: names.slice(start, start + 100).map((name) => ({ id: uuidv7(), name })) });
    }
    for (let first = 0; first < calls.length; first += 100) {
      const batch = calls.slice(first, first + 100);
      const path = batch.map(() => 'todos.create').join(',');
      const body = Object.fromEntries(batch.map((input, index) => [String(index), input]));
      const response = await this.request.post(`/trpc/${path}?batch=1`, { data: body, headers: this.headers });
      expect(response.ok(), await response.text()).toBe(true);
    }
  }
}

export const test = base.extend<{ user: string; app: TodoApp; userApi: UserApi }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern for fixture deps
  user: async ({}, use, testInfo) => {
    await use(`e2e-${testInfo.workerIndex}-${uuidv7()}`);
  },
  // Every request the page makes (HTML, assets, API) carries the test's user.
  context: async ({ context, user }, use) => {
    await context.setExtraHTTPHeaders({ 'x-local-user': user });
    await use(context);
  },
  app: async ({ page }, use) => {
    await use(new TodoApp(page));
  },
  userApi: async ({ request, user }, use) => {
    await use(new UserApi(request, user));
  },
});
