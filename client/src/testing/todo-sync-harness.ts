/**
 * For sync tests: `createTodoSync` against a scripted server, a recording collection
 * writer and an in-memory local store. Every write answer can be chosen (an error, or a
 * function of the input; by default the server stores it), the feed's pages and errors
 * are queued, and both the collection writer and the store list the writes that change
 * nothing (`wasted`), which a test can require to stay empty.
 */
import { TRPCClientError } from '@trpc/client';
import { vi } from 'vitest';
import type { Todo, TodoChangesPage, TodoPage } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { memoryStore, type LocalStore } from '../data/local-store';
import type { TodoOutboxEntry } from '../data/todo-sync';
import type { PageActivity } from '../data/page-activity';
import { createTodoSync, type TodoSync } from '../data/todo-sync';
import { createPersonFeed } from '../data/sync/person-feed';
import type { OutboxOrder } from '../data/sync/outbox-sender';
import type { LockRunner } from '../data/web-lock';
import { recordingWriter } from './recording-writer';
import { TEST_LIST_ID } from './test-list';

export const todo = (id: string, version = 1, name = `${id}${version}`, status: Todo['status'] = 'pending'): Todo => ({
  id,
  listId: TEST_LIST_ID,
  name,
  status,
  createdAt: 't',
  updatedAt: `t${version}`,
  version,
});

export const hidden: PageActivity = { isVisible: () => false, isOnline: () => true, onWake: () => () => undefined };

export function serverError(code: string, httpStatus: number, ids?: string[], headers?: Record<string, string>) {
  return new TRPCClientError('refused', {
    result: { error: { message: 'refused', code: -32603, data: { code, httpStatus, ...(ids && { ids }) } } },
    meta: { response: new Response(null, { status: httpStatus, headers }) },
  });
}
export const offline = () => TRPCClientError.from(new TypeError('Failed to fetch'));

export const update = (id: string, items: TodoOutboxEntry & { kind: 'update' } extends { items: infer I } ? I : never, action = `rename ${id}`): TodoOutboxEntry => ({
  id,
  kind: 'update',
  action,
  items,
});

/** With fake timers: lets the enqueue's next-task step run (no retry timer is due that soon). */
export async function inFakeTime<T>(enqueued: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(0);
  return enqueued;
}

type Answer = Error | ((input: never) => unknown);

/** The store, listing saves that would write nothing (each one is an IndexedDB transaction). */
function watchedStore(wasted: string[], inner: LocalStore): LocalStore {
  return {
    ...inner,
    saveRows: (rows, deleted) => {
      if (rows.length === 0 && deleted.size === 0) wasted.push('empty saveRows');
      return inner.saveRows(rows, deleted);
    },
    saveEntries: (entries) => {
      if (entries.length === 0) wasted.push('empty saveEntries');
      return inner.saveEntries(entries);
    },
    deleteEntries: (ids) => {
      if (ids.length === 0) wasted.push('empty deleteEntries');
      return inner.deleteEntries(ids);
    },
  };
}

export interface HarnessOptions {
  /** The list's pages, in order (default: one empty page). */
  pages?: Todo[][];
  /** A page index whose read fails with a 503. */
  failPage?: number;
  retryOf?: () => () => void;
  activity?: PageActivity;
  lock?: LockRunner;
  /** Runs before each page of the list is answered (a test can hold it), with the number of list reads so far. */
  beforePage?: (index: number, reads: number) => Promise<void> | void;
  /** The local store (default: in memory). */
  localStore?: LocalStore;
  /**
   * Page indexes (besides 1) where a key range of the rest begins: the first page names them
   * as `splitCursors`, and the page before each ends its range (decision 101).
   */
  rangeStarts?: number[];
  /** Another outbox that sends first (the lists'). */
  after?: OutboxOrder;
}

/** A todos sync with the change feed the app gives it (`todos.changes`): `pollOnce` asks it, `start` starts it too. */
export type FedTodoSync = TodoSync & { pollOnce: () => Promise<boolean> };

export function withTodosFeed(sync: TodoSync, server: TodosClient, activity: PageActivity): FedTodoSync {
  const feed = createPersonFeed({
    targets: [sync.feedTarget],
    read: (cursor) => server.todos.changes.query({ cursor }),
    deliver: (page) => {
      sync.feedTarget.apply(page.changes);
      return Promise.resolve();
    },
    activity,
    onAnswer: sync.apiAnswered,
    onConnection: sync.connection,
  });
  return {
    ...sync,
    pollOnce: feed.pollOnce,
    start() {
      feed.start();
      sync.start();
    },
    stop() {
      feed.stop();
      sync.stop();
    },
  };
}

/** The `wasted` lists of the harnesses made since the last `takeWastedWrites()`. */
let madeSinceLastCheck: string[][] = [];
/** Every sync made since the last `takeWastedWrites()`. */
let syncs: FedTodoSync[] = [];

/**
 * For an afterEach: stops every sync the test made (also when it failed half-way, so no
 * timer or "saving" mark leaks into the next test) and returns every write that changed nothing.
 */
export function takeWastedWrites(): string[] {
  for (const sync of syncs) sync.stop();
  syncs = [];
  const all = madeSinceLastCheck.flat();
  madeSinceLastCheck = [];
  return all;
}

/** A server whose every write answer is scripted (default: stored, version + 1). */
export function harness({
  pages: initialPages = [[]],
  failPage = -1,
  retryOf,
  activity = hidden,
  lock = (_name, work) => work(),
  beforePage,
  localStore = memoryStore(),
  rangeStarts = [],
  after,
}: HarnessOptions = {}) {
  let pages = initialPages;
  const calls: string[] = [];
  /** The inputs of every list read. */
  const listInputs: unknown[] = [];
  /** Errors the next change-feed reads throw, in order. */
  const feedErrors: Error[] = [];
  const answers: Answer[] = [];
  const feed: TodoChangesPage[] = [];
  /** What the server stores: writes apply to it, so answers carry every field. */
  const db = new Map(initialPages.flat().map((row) => [row.id, row]));
  const answer = async <T,>(name: string, input: unknown, fallback: () => T): Promise<T> => {
    calls.push(name);
    await Promise.resolve();
    const next = answers.shift();
    if (next instanceof Error) throw next;
    if (next) return next(input as never) as T;
    return fallback();
  };
  const server = {
    todos: {
      list: {
        query: async (input: { cursor?: string }) => {
          const { cursor } = input;
          calls.push(`list ${cursor ?? 'first'}`);
          listInputs.push(input);
          const index = cursor === undefined ? 0 : Number(cursor);
          await beforePage?.(index, listInputs.length);
          if (index === failPage) throw serverError('SERVICE_UNAVAILABLE', 503);
          const next = index + 1 < pages.length && !rangeStarts.includes(index + 1) ? String(index + 1) : null;
          const splitCursors = cursor === undefined && next !== null && rangeStarts.length > 0 ? rangeStarts.map(String) : undefined;
          return { items: pages[index] ?? [], nextCursor: next, ...(splitCursors && { splitCursors }), changesCursor: 'c0' } satisfies TodoPage;
        },
      },
      changes: {
        query: ({ cursor }: { cursor: string }) => {
          calls.push(`changes ${cursor}`);
          const failure = feedErrors.shift();
          if (failure) return Promise.reject(failure);
          const next = feed.shift();
          if (next === undefined) return Promise.resolve<TodoChangesPage>({ expired: false, changes: [], cursor, hasMore: false });
          return Promise.resolve(next);
        },
      },
      create: {
        mutate: (input: { items: { id: string; name: string; status?: Todo['status'] }[] }) =>
          answer('create', input, () =>
            input.items.map((item) => {
              const row = todo(item.id, 1, item.name, item.status);
              db.set(row.id, row);
              return row;
            }),
          ),
      },
      update: {
        mutate: (input: { items: { id: string; changes: Partial<Todo> }[] }) =>
          answer('update', input, () =>
            input.items.map((item) => {
              const before = db.get(item.id) ?? todo(item.id);
              const row = { ...before, ...item.changes, version: before.version + 1, updatedAt: `t${before.version + 1}` };
              db.set(row.id, row);
              return row;
            }),
          ),
      },
      delete: {
        mutate: (input: { ids: string[] }) =>
          // Like the API: the ids it deleted (or found already gone).
          answer('delete', input, () => {
            for (const id of input.ids) db.delete(id);
            return input.ids;
          }),
      },
    },
  } as unknown as TodosClient;
  const { shown, writer, wasted, upserted } = recordingWriter();
  const store = watchedStore(wasted, localStore);
  madeSinceLastCheck.push(wasted);
  let ready: () => void = () => undefined;
  const whenReady = () => new Promise<void>((resolve) => (ready = resolve));
  const make = () => {
    const sync = withTodosFeed(
      createTodoSync({ userId: 'u', defaultList: TEST_LIST_ID, api: server, feedApi: server, store, writer: () => writer, whenReady, activity, lock, retryOf, ...(after && { after }) }),
      server,
      activity,
    );
    syncs.push(sync);
    return sync;
  };
  return {
    calls,
    listInputs,
    feedErrors,
    setPages: (next: Todo[][]) => (pages = next),
    answers,
    feed,
    shown,
    writer,
    /** Writes that changed nothing, into the collection or the store. */
    wasted,
    /** The ids of every upsert into the collection, in order. */
    upserted,
    store,
    make,
    ready: () => ready(),
    names: () => [...shown.values()].map((row) => row.name).sort(),
    stored: async () => {
      const snapshot = await store.load();
      return {
        rows: snapshot.rows.map((row) => `${row.id}${row.version}`).sort(),
        outbox: snapshot.outbox,
        // The feed cursor of a complete copy (a partial one is `copy`).
        cursor: snapshot.copy?.complete ? snapshot.copy.cursor : undefined,
        copy: snapshot.copy,
        gone: snapshot.gone,
      };
    },
  };
}

export type Harness = ReturnType<typeof harness>;
