/**
 * The collection wiring against the real local API (Lambda handler + DynamoDB
 * Local over HTTP), as real users signed in at the local identity provider (bearer
 * tokens from its sign-in flow): one request per user action, server rows written
 * back, no refetch, rollback with a reported error when the server refuses a write,
 * and writes that wait (pending) while the API cannot be reached. The change feed
 * is off here (a hidden page never polls); todo-sync.test.ts covers it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Todo } from '../../../shared/todo';
import { LIST_PAGE_SIZE_MAX, MAX_ITEMS_PER_WRITE } from '../../../shared/limits';
import { startLocalApi, type LocalApi } from '../../../server/testing/local-api';
import { createTodosClient, type TodosClient } from '../../api/create-todos-client';
import { memoryStore, type LocalStore } from './local-store';
import type { PageActivity } from './page-activity';
import { savingRows } from './save-status';
import { syncStatus } from './sync-status';
import { createTodosCollection, quoted, type TodosCollection, type TodosCollectionOptions } from './todos-collection';
import { createTodoIndex } from './todo-index';
import { createPersonSync } from './person-sync';
import { INGEST_CHUNK } from './todo-sync';
import { writeErrors } from './write-errors';
import { outcomeOf } from './write-outcome';
import { seedTodos as seedTodosIntoTable } from '../../../server/testing/seed-todos';
import { ownerPartitionKey } from '../../../server/todos/todo-keys';
import { defaultListId } from '../../../shared/list-id';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

interface Harness {
  collection: TodosCollection;
  /** Every HTTP request the client made: method and procedure path(s). */
  requests: string[];
  server: TodosClient;
  userId: string;
  /** This harness's user's access token. */
  getToken: () => string;
}

/** A page that is never visible: no change-feed polls in these tests. */
const hidden: PageActivity = { isVisible: () => false, isOnline: () => true, onWake: () => () => undefined };

function collectionFor(client: TodosClient, options: TodosCollectionOptions) {
  return createTodosCollection(client, { activity: hidden, ...options });
}

/** Resolves once every write of `collection` has been answered. */
async function outboxSent(collection: TodosCollection) {
  await vi.waitFor(() => expect(collection.sync.inspect().outbox).toHaveLength(0), { timeout: 15_000, interval: 50 });
}

let user = 0;
/** A fresh user (own list) with a collection over an instrumented fetch. */
async function setup(): Promise<Harness> {
  const requests: string[] = [];
  const userName = `collection-test-${++user}-${uuidv7()}`;
  const token = await api.identity.tokenFor(userName);
  const getToken = () => token;
  const client = createTodosClient({
    url: api.url,
    getToken,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      requests.push(`${init?.method ?? 'GET'} ${url.pathname.replace('/trpc/', '')}`);
      return fetch(input, init);
    },
  });
  const server = createTodosClient({ url: api.url, getToken });
  const { id: userId } = await server.me.query();
  defaultList = defaultListId(userId);
  const collection = collectionFor(client, { userId });
  await collection.preload();
  requests.length = 0;
  return { collection, requests, server, userId, getToken };
}

/** The default list of the user the last `setup()` made: where the web client adds (user-data.ts). */
let defaultList = '';
const newTodo = (name: string, listId = defaultList): Todo => {
  const now = new Date().toISOString();
  return { id: uuidv7(), listId, name, status: 'pending', createdAt: now, updatedAt: now, version: 0 };
};

beforeEach(() => writeErrors.dismiss());

/**
 * Stores `total` todos (t0, t1, …) for the harness's user: the first through the API (a first
 * write sets up the default list), the rest straight into the API's table, as the API stores them.
 */
async function seedTodos(server: TodosClient, userId: string, total: number) {
  const names = Array.from({ length: total }, (_, i) => `t${i}`);
  await server.todos.create.mutate({ items: names.slice(0, 1).map((name) => ({ name })) });
  await seedTodosIntoTable({ client: api.table.documentClient, tableName: api.table.tableName, partition: ownerPartitionKey(userId), names: names.slice(1) });
}

/**
 * A preloaded collection of the harness's user whose writes (POSTs) the server answers with a
 * 500 while `control.refuse` is set.
 */
async function refusingCollection({ userId, getToken }: Harness) {
  const control = { refuse: false };
  const collection = collectionFor(
    createTodosClient({
      url: api.url,
      getToken,
      fetch: (input, init) => {
        if (control.refuse && init?.method === 'POST') {
          const body = [{ error: { message: 'boom', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } }];
          return Promise.resolve(new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } }));
        }
        return fetch(input, init);
      },
    }),
    { userId },
  );
  await collection.preload();
  return { collection, control };
}

describe('todos collection', () => {
  it('loads every page of the list on first sync: the first page at once, the rest after it is shown', async () => {
    const { server, userId, getToken } = await setup();
    const total = LIST_PAGE_SIZE_MAX + 1;
    await seedTodos(server, userId, total);
    const requests: string[] = [];
    const client = createTodosClient({
      url: api.url,
      getToken,
      fetch: (input, init) => (requests.push(input instanceof Request ? input.url : input.toString()), fetch(input, init)),
    });
    const store = memoryStore();
    const fresh = collectionFor(client, { userId, store });
    await fresh.preload();
    // The collection is ready with the first chunk of the first page (one request); the rest
    // of it, and the second page, follow.
    expect(fresh.size).toBe(INGEST_CHUNK);
    await vi.waitFor(() => expect(fresh.size).toBe(total), { timeout: 10_000 });
    expect(requests).toHaveLength(2);
    expect(requests.every((url) => url.includes('todos.list'))).toBe(true);
    // Opened again from the local copy: no request, the first chunk at once, then the rest.
    await vi.waitFor(async () => expect((await store.load()).copy?.complete).toBe(true));
    await fresh.cleanup();
    const again = collectionFor(client, { userId, store });
    await again.preload();
    expect(again.size).toBe(INGEST_CHUNK);
    await vi.waitFor(() => expect(again.size).toBe(total), { timeout: 10_000 });
    expect(requests).toHaveLength(2);
  });

  it('shows a long stored list whole before the collection has taken it in, and takes a row in before a write to it', async () => {
    const { server, userId, getToken } = await setup();
    const total = 3 * INGEST_CHUNK;
    await seedTodos(server, userId, total);
    const client = createTodosClient({ url: api.url, getToken });
    const store = memoryStore();
    const first = collectionFor(client, { userId, store });
    await first.preload();
    await vi.waitFor(async () => expect((await store.load()).copy?.complete).toBe(true));
    first.sync.stop();
    await first.cleanup();

    const again = collectionFor(client, { userId, store });
    // What user-data.ts makes the list's index of.
    const index = createTodoIndex((apply) => {
      const subscription = again.subscribeChanges(apply, { includeInitialState: true });
      const stopUnfilled = again.sync.showUnfilled(apply);
      return () => {
        subscription.unsubscribe();
        stopUnfilled();
      };
    });
    index.subscribe(() => undefined);
    await again.preload();
    await again.sync.whenLoaded();
    // Shown whole (list and counts), while the collection holds the first chunk only.
    expect(index.counts().total).toBe(total);
    expect(again.size).toBe(INGEST_CHUNK);
    const last = index.ids('all').at(-1) ?? '';
    expect(again.has(last)).toBe(false);
    again.withRows([last], () => again.update(last, (draft) => void (draft.status = 'completed')));
    await vi.waitFor(() => expect(again.get(last)?.status).toBe('completed'));
    expect(index.todo(last)?.status).toBe('completed');
    expect(index.counts()).toEqual({ active: total - 1, completed: 1, total });
    await again.sync.whenFilled();
    expect(again.size).toBe(total);
    expect(index.counts()).toEqual({ active: total - 1, completed: 1, total });
    await outboxSent(again);
    expect((await server.todos.list.query({ limit: LIST_PAGE_SIZE_MAX })).items.filter((row) => row.status === 'completed').map((row) => row.id)).toEqual([last]);
    index.stop();
    again.sync.stop();
  });

  it('does not poll the change feed while the list’s later pages load (they would share an HTTP batch)', async () => {
    const { server, userId, getToken } = await setup();
    const total = LIST_PAGE_SIZE_MAX + 1;
    await seedTodos(server, userId, total);
    let pagesInFlight = 0;
    const pollsDuringPages: string[] = [];
    let polls = 0;
    const client = createTodosClient({
      url: api.url,
      getToken,
      fetch: async (input, init) => {
        const url = decodeURIComponent(input instanceof Request ? input.url : input.toString());
        if (url.includes('sync.changes')) {
          polls++;
          if (pagesInFlight > 0 || url.includes('todos.list')) pollsDuringPages.push(url);
        }
        if (!url.includes('"cursor"') || !url.includes('todos.list')) return fetch(input, init);
        // A slow later page: longer than the poll interval (3 s).
        pagesInFlight++;
        try {
          await new Promise((resolve) => setTimeout(resolve, 3500));
          return await fetch(input, init);
        } finally {
          pagesInFlight--;
        }
      },
    });
    const visible: PageActivity = { isVisible: () => true, isOnline: () => true, onWake: () => () => undefined };
    const person = createPersonSync({ userId, api: client, activity: visible });
    const collection = person.todos;
    await collection.preload();
    await vi.waitFor(() => expect(collection.size).toBe(total), { timeout: 15_000 });
    expect(pollsDuringPages).toEqual([]);
    // And the feed is polled once the list is complete.
    await vi.waitFor(() => expect(polls).toBeGreaterThan(0), { timeout: 10_000 });
    person.stop();
    await collection.cleanup();
  });

  it('inserts with the client id, in one request, and keeps the server row without refetching', async () => {
    const { collection, requests, server } = await setup();
    const todo = newTodo('Write tests');
    const tx = collection.insert(todo);
    expect(collection.get(todo.id)?.name).toBe('Write tests'); // optimistic, immediately
    await tx.when('settled');
    // The transaction says the server confirmed it: only now may the UI announce the add.
    expect(await outcomeOf(tx)).toBe('stored');

    expect(requests).toEqual(['POST todos.create']);
    const [stored] = (await server.todos.list.query()).items;
    expect(stored).toMatchObject({ id: todo.id, name: 'Write tests', version: 1 });
    // The collection holds the server's row (server timestamps and version), not the optimistic one.
    expect(collection.get(todo.id)).toMatchObject({ ...stored });
  });

  it('sends an update of several rows as one call and stores the returned versions', async () => {
    const { collection, requests } = await setup();
    const todos = [newTodo('a'), newTodo('b')];
    await collection.insert(todos).when('settled');
    requests.length = 0;

    const tx = collection.update(
      todos.map((t) => t.id),
      (drafts) => {
        for (const draft of drafts) draft.status = 'completed';
      },
    );
    await tx.when('settled');
    expect(requests).toEqual(['POST todos.update']);
    expect(todos.map((t) => collection.get(t.id))).toEqual([
      expect.objectContaining({ status: 'completed', version: 2 }),
      expect.objectContaining({ status: 'completed', version: 2 }),
    ]);
  });

  it(`splits a transaction of more than ${MAX_ITEMS_PER_WRITE} rows into chunks sent in one HTTP request`, async () => {
    const { collection, requests, server } = await setup();
    const todos = Array.from({ length: MAX_ITEMS_PER_WRITE * 2 + 5 }, (_, i) => newTodo(`bulk ${i}`));
    await collection.insert(todos).when('settled');
    expect(requests).toEqual([`POST ${Array.from({ length: 3 }, () => 'todos.create').join(',')}`]);
    expect((await server.todos.list.query()).items).toHaveLength(todos.length);
  });

  it('keeps the rows of the chunks the server stored when a later chunk fails', async () => {
    const { collection, server } = await setup();
    const todos = Array.from({ length: MAX_ITEMS_PER_WRITE * 2 + 5 }, (_, i) => newTodo(`bulk ${i}`));
    // The last chunk will fail: one of its ids is already taken (by other content) on the server.
    const taken = todos.at(-1) ?? newTodo('x');
    await server.todos.create.mutate({ items: [{ id: taken.id, name: 'created elsewhere' }] });

    await expect(collection.insert(todos).when('settled')).rejects.toThrow();
    const stored = todos.slice(0, MAX_ITEMS_PER_WRITE * 2);
    // The first two chunks were committed by the server: they stay, as the server's rows.
    expect([...collection.keys()].sort()).toEqual(stored.map((t) => t.id).sort());
    expect(collection.get(stored[0]?.id ?? '')?.version).toBe(1);
    // The failed chunk is rolled back, and the row created elsewhere was not overwritten.
    expect(collection.has(todos[MAX_ITEMS_PER_WRITE * 2]?.id ?? '')).toBe(false);
    const onServer = (await server.todos.list.query()).items;
    expect(onServer).toHaveLength(stored.length + 1);
    expect(onServer.find((t) => t.id === taken.id)?.name).toBe('created elsewhere');
    expect(writeErrors.get()?.message).toMatch(/changed elsewhere|already exists/);
  });

  it('deletes in one request', async () => {
    const { collection, requests, server } = await setup();
    const todos = [newTodo('a'), newTodo('b'), newTodo('c')];
    await collection.insert(todos).when('settled');
    requests.length = 0;
    await collection.delete([todos[0]?.id ?? '', todos[2]?.id ?? '']).when('settled');
    expect(requests).toEqual(['POST todos.delete']);
    expect([...collection.keys()]).toEqual([todos[1]?.id]);
    expect((await server.todos.list.query()).items.map((t) => t.id)).toEqual([todos[1]?.id]);
  });

  it('drops an update of a todo deleted elsewhere, removes the row and says so (a delete wins)', async () => {
    const { collection, server } = await setup();
    const todo = newTodo('will vanish');
    await collection.insert(todo).when('settled');
    await server.todos.delete.mutate({ ids: [todo.id] }); // deleted elsewhere

    const tx = collection.update(todo.id, (draft) => {
      draft.name = 'renamed';
    });
    expect(collection.get(todo.id)?.name).toBe('renamed');
    await tx.when('settled');
    await outboxSent(collection);
    await vi.waitFor(() => expect(collection.has(todo.id)).toBe(false));
    expect(writeErrors.get()?.message).toBe('“renamed” was deleted on another device; your change to it was dropped.');
  });

  it('resolves a conflict field by field: the other device’s name stays, this device’s status is applied, with a notice', async () => {
    const { collection, server } = await setup();
    const todo = newTodo('shared');
    await collection.insert(todo).when('settled');
    // Another device renames it: version 2 on the server, this client still has version 1.
    await server.todos.update.mutate({ items: [{ id: todo.id, changes: { name: 'renamed elsewhere' }, expectedVersion: 1 }] });

    await collection.update(todo.id, (draft) => void (draft.status = 'completed')).when('settled');
    await outboxSent(collection);
    const [stored] = (await server.todos.list.query()).items;
    expect(stored).toMatchObject({ name: 'renamed elsewhere', status: 'completed', version: 3 });
    expect(collection.get(todo.id)).toMatchObject({ name: 'renamed elsewhere', status: 'completed', version: 3 });
    expect(writeErrors.get()?.message).toBe('“shared” was also changed on another device; your change was applied.');
  });

  it('names the refused change: a toggle either way, several rows, several adds', async () => {
    const { collection, control } = await refusingCollection(await setup());
    const [a, b] = [newTodo('first'), newTodo('second')];
    await collection.insert([a, b]).when('settled');
    control.refuse = true;
    const failed = async (change: () => { when: (state: 'settled') => Promise<unknown> }) => {
      await expect(change().when('settled')).rejects.toThrow();
      return writeErrors.get()?.message;
    };
    expect(await failed(() => collection.update(a.id, (d) => void (d.status = 'completed')))).toBe(
      'Could not mark “first” as completed: the server had a problem (boom). Your change was undone.',
    );
    expect(collection.get(a.id)?.status).toBe('pending');
    control.refuse = false;
    await collection.update(a.id, (d) => void (d.status = 'completed')).when('settled');
    control.refuse = true;
    expect(await failed(() => collection.update(a.id, (d) => void (d.status = 'pending')))).toMatch(/^Could not mark “first” as active/);
    expect(await failed(() => collection.update([a.id, b.id], (drafts) => drafts.forEach((d) => void (d.name = `${d.name}!`))))).toMatch(
      /^Could not save changes to 2 todos/,
    );
    expect(writeErrors.get()?.retry).toBeInstanceOf(Function);
    control.refuse = false;
    expect(await failed(() => collection.insert([newTodo(''), newTodo('')]))).toMatch(/^Could not add 2 todos: Invalid input: items\.0\.name/);
    expect(collection.sync.inspect().outbox).toHaveLength(0);
  });

  it('names a refused rename, add and delete, and Retry makes the same change again', async () => {
    const harness = await setup();
    const { server } = harness;
    const { collection, control } = await refusingCollection(harness);
    const [a, b, c] = [newTodo('milk'), newTodo('bread'), newTodo('eggs')];
    await collection.insert([a, b, c]).when('settled');
    const onServer = async () => Object.fromEntries((await server.todos.list.query()).items.map((row) => [row.id, `${row.name} ${row.status}`]));
    control.refuse = true;

    await expect(collection.update(a.id, (d) => void (d.name = 'oat milk')).when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toMatch(/^Could not rename “milk” to “oat milk”: /);
    expect(collection.get(a.id)?.name).toBe('milk');
    control.refuse = false;
    writeErrors.get()?.retry?.();
    expect(collection.get(a.id)?.name).toBe('oat milk');
    await outboxSent(collection);
    expect((await onServer())[a.id]).toBe('oat milk pending');

    // A retried toggle sends the status too, and only for todos that still exist.
    control.refuse = true;
    await expect(collection.update([a.id, b.id], (drafts) => drafts.forEach((d) => void (d.status = 'completed'))).when('settled')).rejects.toThrow();
    const retryToggle = writeErrors.get()?.retry;
    control.refuse = false;
    await collection.delete(b.id).when('settled');
    retryToggle?.();
    await outboxSent(collection);
    expect(await onServer()).toEqual({ [a.id]: 'oat milk completed', [c.id]: 'eggs pending' });

    control.refuse = true;
    await expect(collection.insert(newTodo('jam')).when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toMatch(/^Could not add “jam”: /);
    // A refused add offers no Retry: the text stays in the input instead (NewTodo).
    expect(writeErrors.get()?.retry).toBeUndefined();

    await expect(collection.delete([a.id, c.id]).when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toMatch(/^Could not delete 2 todos: /);
    await expect(collection.delete(c.id).when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toMatch(/^Could not delete “eggs”: /);
    expect(collection.has(c.id)).toBe(true);
    control.refuse = false;
    writeErrors.get()?.retry?.();
    expect(collection.has(c.id)).toBe(false);
    await outboxSent(collection);
    expect(await onServer()).toEqual({ [a.id]: 'oat milk completed' });
    // Retrying a delete of todos that are gone meanwhile sends nothing.
    const before = (await onServer())[a.id];
    writeErrors.get()?.retry?.();
    expect((await onServer())[a.id]).toBe(before);
    expect(collection.sync.inspect().outbox).toHaveLength(0);
  });

  it('quotes long names cut short', () => {
    expect(quoted('x'.repeat(60))).toBe(`“${'x'.repeat(60)}”`);
    expect(quoted('x'.repeat(61))).toBe(`“${'x'.repeat(57)}…”`);
  });

  it('keeps users apart: another user sees none of these todos, and the query key names the user', async () => {
    const alice = await setup();
    const bob = await setup();
    await alice.collection.insert(newTodo('only for alice', defaultListId(alice.userId))).when('settled');
    expect((await bob.server.todos.list.query()).items).toEqual([]);
    expect(bob.collection.size).toBe(0);
    expect(alice.collection.id).not.toBe(bob.collection.id);
    expect(alice.collection.id).toContain(alice.userId);
  });

  it('rolls back a write refused with 401 (expired session) and asks to sign in again', async () => {
    const { server, userId, getToken } = await setup();
    const requests: string[] = [];
    let token = getToken();
    const collection = collectionFor(
      createTodosClient({ url: api.url, getToken: () => token, fetch: (input, init) => (requests.push('request'), fetch(input, init)) }),
      { userId },
    );
    await collection.preload();
    token = 'expired'; // what the API gets once the session is over: it answers 401
    const todo = newTodo('typed before expiry');
    await expect(collection.insert(todo).when('settled')).rejects.toThrow();
    expect(collection.has(todo.id)).toBe(false);
    expect(requests).toHaveLength(2); // the load, then the one refused write: no retry
    expect(writeErrors.get()).toMatchObject({ signInRequired: true, message: expect.stringMatching(/session has expired/) as string });
    expect((await server.todos.list.query()).items).toEqual([]);

    token = getToken();
    const kept = newTodo('kept');
    await collection.insert(kept).when('settled');
    token = 'expired';
    await expect(collection.delete(kept.id).when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toBe('Could not delete “kept”: your session has expired. Your change was undone; sign in again to continue.');
    expect(collection.has(kept.id)).toBe(true);
  });

  it('keeps a write that met a 503 or a lost connection pending (applied, marked, counted) and sends it, once, when the API answers', async () => {
    const { userId, getToken, server } = await setup();
    let failuresLeft = 0;
    let failWith: 'unavailable' | 'network' = 'unavailable';
    const posts: string[] = [];
    const client = createTodosClient({
      url: api.url,
      getToken,
      fetch: (input, init) => {
        if (init?.method === 'POST') {
          posts.push('POST');
          if (failuresLeft > 0) {
            failuresLeft--;
            if (failWith === 'network') return Promise.reject(new TypeError('Failed to fetch'));
            const body = [{ error: { message: 'unavailable', code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } }];
            return Promise.resolve(new Response(JSON.stringify(body), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' } }));
          }
        }
        return fetch(input, init);
      },
    });
    const store: LocalStore = memoryStore();
    const collection = collectionFor(client, { userId, store });
    await collection.preload();

    failuresLeft = 2;
    const saved = newTodo('after two 503s');
    const waiting = collection.insert(saved);
    await waiting.when('settled'); // settles at the first 503: the add waits, applied
    expect(await outcomeOf(waiting)).toBe('waiting'); // not announced as added: not confirmed
    expect(collection.get(saved.id)?.name).toBe('after two 503s');
    expect(savingRows.has(saved.id)).toBe(true);
    expect(syncStatus.get()).toEqual({ pending: 1, connection: 'unavailable' });
    await outboxSent(collection);
    expect(posts).toHaveLength(3);
    expect(savingRows.has(saved.id)).toBe(false);
    expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
    expect(collection.get(saved.id)?.version).toBe(1);

    posts.length = 0;
    failuresLeft = 1;
    failWith = 'network';
    const reconnected = newTodo('after a lost connection');
    await collection.insert(reconnected).when('settled');
    await outboxSent(collection);
    expect(posts).toHaveLength(2);

    // Written while the API keeps failing, then the page is closed: the next page sends it.
    failuresLeft = 1_000;
    const later = newTodo('sent by the next page');
    await collection.insert(later).when('settled');
    const renamed = collection.update(reconnected.id, (draft) => void (draft.name = 'renamed while away'));
    await renamed.when('settled');
    expect(collection.sync.inspect().outbox).toHaveLength(2);
    collection.sync.stop();
    failuresLeft = 0;
    const next = collectionFor(client, { userId, store });
    await next.preload();
    expect(next.get(later.id)?.name).toBe('sent by the next page'); // shown before it is sent
    expect(next.get(reconnected.id)?.name).toBe('renamed while away');
    await outboxSent(next);
    expect(writeErrors.get()).toBeNull();
    const names = (await server.todos.list.query()).items.map((t) => t.name);
    expect(names).toEqual(['after two 503s', 'renamed while away', 'sent by the next page']);
  }, 30_000);

  it('rolls back an insert the server refuses as invalid', async () => {
    const { collection } = await setup();
    const todo = newTodo('x'.repeat(501));
    const refused = collection.insert(todo);
    await expect(refused.when('settled')).rejects.toThrow();
    await expect(outcomeOf(refused)).rejects.toThrow();
    expect(collection.has(todo.id)).toBe(false);
    expect(writeErrors.get()?.message).toMatch(/items\.0\.name/);
    expect(writeErrors.get()?.signInRequired).toBe(false);
  });
});
