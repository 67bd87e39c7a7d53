/**
 * A person's lists and the todos of every list, kept by one change feed (`sync.changes`),
 * against the real API on DynamoDB Local: what a first load reads, a list joined and one taken
 * away reaching the other person's copy through the feed, and where the feed starts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { defaultListId } from '../../../shared/list-id';
import { startLocalApi, type LocalApi } from '../../../server/testing/local-api';
import { createTodosClient, type TodosClient } from '../../api/create-todos-client';
import { memoryListStore, memoryStore } from './local-store';
import type { PageActivity } from './page-activity';
import { createPersonSync, type PersonSync } from './person-sync';
import { startCursor } from './sync/person-feed';
import { writeErrors } from './write-errors';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

/** A page that is never visible: the tests ask the feed themselves (`pollOnce`). */
const hidden: PageActivity = { isVisible: () => false, isOnline: () => true, onWake: () => () => undefined };

interface Person {
  userId: string;
  server: TodosClient;
  /** The procedures each request of the person's sync called. */
  requests: string[];
  sync: () => PersonSync;
  /** While set, every `sync.changes` answer the person's sync reads goes through it first. */
  feedFilter?: (page: { todos: unknown[] }) => void;
  /** Drops the lists' copy on the device (as before lists were synced), keeping the todos'. */
  forgetLists: () => void;
}

/** Applies `filter` to the `sync.changes` answers in a response (batched or not). */
async function filtered(response: Response, filter: (page: { todos: unknown[] }) => void): Promise<Response> {
  const body = (await response.json()) as unknown;
  for (const item of Array.isArray(body) ? body : [body]) {
    const page = (item as { result?: { data?: { todos?: unknown[] } } }).result?.data;
    if (page?.todos) filter(page as { todos: unknown[] });
  }
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
}

async function person(): Promise<Person> {
  const token = await api.identity.tokenFor(`person-sync-${uuidv7()}`);
  const getToken = () => token;
  const server = createTodosClient({ url: api.url, getToken });
  const { id: userId } = await server.me.query();
  const requests: string[] = [];
  const store = memoryStore();
  let listStore = memoryListStore();
  const self: Person = {
    userId,
    server,
    requests,
    sync: () => createPersonSync({ userId, api: client, store, listStore, activity: hidden }),
    forgetLists: () => (listStore = memoryListStore()),
  };
  const client = createTodosClient({
    url: api.url,
    getToken,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      requests.push(decodeURIComponent(url.pathname.replace('/trpc/', '') + url.search));
      const response = await fetch(input, init);
      return self.feedFilter && url.pathname.includes('sync.changes') ? filtered(response, self.feedFilter) : response;
    },
  });
  return self;
}

/** A new list of `owner`'s with one todo in it. */
async function listWith(owner: Person, name: string, todo: string) {
  const [list] = await owner.server.lists.create.mutate({ items: [{ name }] });
  if (!list) throw new Error('no list');
  await owner.server.todos.create.mutate({ items: [{ name: todo, listId: list.id }] });
  return list;
}

/** The person's sync, once its first load is whole and in the collections. */
async function opened(who: Person): Promise<PersonSync> {
  const sync = who.sync();
  await sync.todos.toArrayWhenReady();
  await sync.todos.sync.whenFilled();
  return sync;
}

const names = (sync: PersonSync) => sync.todos.toArray.map((todo) => todo.name).sort();
const listNames = (sync: PersonSync) => sync.lists.toArray.map((list) => list.name).sort();

/** Asks the feed until `check` passes (a change is in the feed at the next poll after it is written). */
async function pollUntil(sync: PersonSync, check: () => void) {
  await vi.waitFor(
    async () => {
      await sync.pollOnce();
      check();
    },
    { timeout: 15_000, interval: 100 },
  );
}

describe('a person’s sync', () => {
  it('loads every list and the todos of every list: one read of the lists, one of each list’s todos', async () => {
    const ann = await person();
    const groceries = await listWith(ann, 'Groceries', 'milk');
    await ann.server.todos.create.mutate({ items: [{ name: 'at home' }] });
    const sync = await opened(ann);
    expect(listNames(sync)).toEqual(['Groceries', 'Todos']);
    expect(sync.todos.toArray.map((todo) => [todo.name, todo.listId]).sort()).toEqual([
      ['at home', defaultListId(ann.userId)],
      ['milk', groceries.id],
    ]);
    const reads = ann.requests.filter((request) => request.includes('.list'));
    expect(reads.filter((request) => request.startsWith('lists.list'))).toHaveLength(1);
    expect(reads.filter((request) => request.startsWith('todos.list'))).toHaveLength(2);
    sync.stop();
  });

  it('a copy of the todos from before lists were synced gets the other lists’ todos, before the feed starts', async () => {
    const ann = await person();
    await ann.server.todos.create.mutate({ items: [{ name: 'at home' }] });
    const first = await opened(ann);
    first.stop();
    await listWith(ann, 'Groceries', 'milk');
    ann.forgetLists();
    // Never polled (a hidden page): what arrives is read when the copy opens.
    const reopened = ann.sync();
    await reopened.todos.toArrayWhenReady();
    await vi.waitFor(() => expect(names(reopened)).toEqual(['at home', 'milk']), { timeout: 10_000 });
    expect(ann.requests.filter((request) => request.startsWith('sync.changes'))).toEqual([]);
    reopened.stop();
  });

  it('a list joined arrives with its todos through the feed; taken away, it leaves with them, and comes back when invited again', async () => {
    const ann = await person();
    const bob = await person();
    const shared = await listWith(ann, 'Trip', 'tickets');
    await bob.server.todos.create.mutate({ items: [{ name: 'bob’s own' }] });

    const sync = await opened(bob);
    expect(names(sync)).toEqual(['bob’s own']);

    const { token } = await ann.server.lists.invite.mutate({ listId: shared.id, role: 'editor' });
    await bob.server.lists.join.mutate({ token });
    // As if the list's todos were older than the feed's window: the feed names the list, not
    // its todos, and a list the copy does not know yet is read in full.
    bob.feedFilter = (page) => void (page.todos = []);
    await pollUntil(sync, () => expect(names(sync)).toEqual(['bob’s own', 'tickets']));
    bob.feedFilter = undefined;
    expect(sync.lists.get(shared.id)).toMatchObject({ name: 'Trip', role: 'editor' });

    // A change in the shared list, and a rename of it, reach Bob at his next polls.
    await ann.server.todos.create.mutate({ items: [{ name: 'passports', listId: shared.id }] });
    await ann.server.lists.update.mutate({ items: [{ id: shared.id, changes: { name: 'Summer trip' } }] });
    await pollUntil(sync, () => {
      expect(names(sync)).toEqual(['bob’s own', 'passports', 'tickets']);
      expect(sync.lists.get(shared.id)?.name).toBe('Summer trip');
    });

    await ann.server.lists.removeMember.mutate({ listId: shared.id, userId: bob.userId });
    await pollUntil(sync, () => expect(names(sync)).toEqual(['bob’s own']));
    expect(sync.lists.has(shared.id)).toBe(false);
    // Gone from the device too: a reopen shows none of it.
    sync.stop();
    const reopened = bob.sync();
    await reopened.todos.toArrayWhenReady();
    expect(names(reopened)).toEqual(['bob’s own']);
    expect(reopened.lists.has(shared.id)).toBe(false);

    // Invited again: the todos come back (forgetting left no tombstones that would hide them).
    const again = await ann.server.lists.invite.mutate({ listId: shared.id, role: 'viewer' });
    await bob.server.lists.join.mutate({ token: again.token });
    bob.feedFilter = (page) => void (page.todos = []);
    await pollUntil(reopened, () => expect(names(reopened)).toEqual(['bob’s own', 'passports', 'tickets']));
    expect(reopened.lists.get(shared.id)?.role).toBe('viewer');

    // Removed and invited back within one session: the copy in memory kept no tombstones either.
    await ann.server.lists.removeMember.mutate({ listId: shared.id, userId: bob.userId });
    await pollUntil(reopened, () => expect(names(reopened)).toEqual(['bob’s own']));
    const third = await ann.server.lists.invite.mutate({ listId: shared.id, role: 'editor' });
    await bob.server.lists.join.mutate({ token: third.token });
    await pollUntil(reopened, () => expect(names(reopened)).toEqual(['bob’s own', 'passports', 'tickets']));
    bob.feedFilter = undefined;
    reopened.stop();
  });

  it('a list deleted by its owner leaves every member’s copy', async () => {
    const ann = await person();
    const bob = await person();
    const doomed = await listWith(ann, 'Doomed', 'soon gone');
    const { token } = await ann.server.lists.invite.mutate({ listId: doomed.id, role: 'viewer' });
    await bob.server.lists.join.mutate({ token });
    const sync = await opened(bob);
    expect(names(sync)).toEqual(['soon gone']);
    await ann.server.lists.delete.mutate({ ids: [doomed.id] });
    await pollUntil(sync, () => {
      expect(names(sync)).toEqual([]);
      expect(listNames(sync)).toEqual(['Todos']);
    });
    sync.stop();
  });
});

describe('a list the server refuses', () => {
  it('is undone, and the message names the list as a list', async () => {
    const ann = await person();
    const sync = ann.sync();
    await sync.todos.toArrayWhenReady();
    const now = new Date().toISOString();
    // A version 5 id names someone's default list: the server refuses it (400, nothing written).
    const refused = sync.lists.insert({ id: defaultListId('someone else'), name: 'Bad', role: 'owner', isDefault: false, ownerId: ann.userId, memberCount: 1, createdAt: now, updatedAt: now, version: 0 });
    await expect(refused.when('settled')).rejects.toThrow();
    expect(writeErrors.get()?.message).toMatch(/^Could not create the list “Bad”: /);
    expect(listNames(sync)).toEqual(['Todos']);
    writeErrors.dismiss();
    sync.stop();
  });
});

describe('where the feed starts', () => {
  const stored = (cursor: string) => ({ cursor, fresh: false });
  const fresh = (cursor: string) => ({ cursor, fresh: true });

  it('waits for every entity, prefers a copy from the device, and of those the one stored last (the oldest)', () => {
    expect(startCursor([stored('a'), undefined])).toBeUndefined();
    expect(startCursor([fresh('lists'), stored('todos')])).toBe('todos');
    expect(startCursor([stored('lists'), fresh('todos')])).toBe('lists');
    expect(startCursor([stored('lists'), stored('todos')])).toBe('todos');
    // Both read just now: the first loaded is the older.
    expect(startCursor([fresh('lists'), fresh('todos')])).toBe('lists');
  });
});
