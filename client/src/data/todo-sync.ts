/**
 * One user's sync: the local copy that the todos collection shows, kept fresh by
 * the change feed, persisted in IndexedDB, and written back through an outbox.
 *
 *   view (what the collection shows) = confirmed rows + every waiting outbox entry
 *
 * - `load()` is the collection's first load: the stored copy when there is one (shown
 *   before any request), otherwise the whole list once, stored a page at a time as it
 *   arrives (a partial copy is continued from where it stopped). Afterwards only the
 *   change feed is read (from the stored cursor), never the full list again, unless
 *   the cursor has expired. A long list is shown at once, but only its first INGEST_CHUNK
 *   rows go into the collection before it is ready: the rest (more pages, or more of the
 *   stored copy) is shown through `showUnfilled` (what the list's index reads besides the
 *   collection) and taken into the collection a chunk at a time in the background
 *   ("filled"). TanStack DB costs about 12 µs a row to take a row into its synced state,
 *   over a second at 100,000: the list and counter do not wait for it (decision 081). A
 *   write to a row not yet filled takes it first (`take`).
 * - Feed changes count only when newer than the known version (synced-rows.ts),
 *   and never touch the view of a row with a waiting write: that write's answer
 *   decides it.
 * - `enqueue()` is what the collection's handlers call, in the task of the optimistic
 *   change itself: the entry's IndexedDB write is issued at once (its own store, so it
 *   waits for nothing), its effect kept (written into the collection's synced state, so
 *   it survives the transaction), and it is sent in order. The handler's promise settles when the server
 *   answered, or as soon as the entry has to wait (offline, 503, another tab
 *   sending): the change stays, marked pending, and is sent later.
 * - Refused writes (4xx, 500) are undone by laying the remaining entries over the
 *   confirmed rows again, and reported. Conflicts follow decision 043.
 */
import type { ChangeMessage } from '@tanstack/db';
import { v7 as uuidv7 } from 'uuid';
import { LIST_PAGE_SIZE_MAX } from '../../../shared/limits';
import { TODO_FIELDS, type Todo, type TodoPage } from '../../../shared/todo';
import { sameFields } from '../../../shared/fields';
import type { TodosClient } from '../../api/create-todos-client';
import { UNBATCHED } from '../../api/trpc-links';
import { backoffMs } from './backoff';
import { createPoller } from './change-feed-poller';
import { classifyFailure, isRetryable, refusal, retryAfterMs } from './error-text';
import { reportStorageError, type LocalStore } from './local-store';
import { keysOf, rebase, viewOf, withoutExpectedVersion, withoutIds, type OutboxEntry } from './outbox-entries';
import { browserActivity, type PageActivity } from './page-activity';
import { savingRows } from './save-status';
import { PartialWriteError, sendInChunks } from './send-in-chunks';
import { applyChanges, applyDeleted, applyStored, emptySyncedRows } from './synced-rows';
import { rangePages } from './sync/range-pages';
import type { SyncedWriter as RowWriter } from './sync/synced-collection';
import { syncStatus } from './sync-status';
import { webLock, type LockRunner } from './web-lock';
import { writeErrors } from './write-errors';

/** The collection's writer (sync/synced-collection.ts), which puts rows into its synced state. */
export type SyncedWriter = RowWriter<Todo>;

export interface TodoSyncOptions {
  userId: string;
  /** Sends the writes. */
  api: TodosClient;
  /** Reads the list and the feed: its own client, so a poll never shares an HTTP batch with a write. */
  feedApi: TodosClient;
  store: LocalStore;
  /** The collection's write utilities (read when first needed: the collection is made after the sync). */
  writer: () => SyncedWriter;
  /**
   * Resolves once the collection holds what `load()` returned. Rows written into it before
   * that would be dropped when it takes the query's result, so the rest of a long list waits.
   */
  whenReady?: () => Promise<void>;
  activity?: PageActivity;
  lock?: LockRunner;
  /** For the error banner's Retry: the same change made again (updates and deletes). */
  retryOf?: (entry: OutboxEntry) => (() => void) | undefined;
}

/** A todo's name as quoted in messages: “Buy milk”, cut short when long. */
export function quoted(name: string): string {
  return `“${name.length > 60 ? `${name.slice(0, 57)}…` : name}”`;
}

/** Every field of the schema alike: a view that changed in any of them is shown again. */
const sameRow = (a: Todo, b: Todo) => sameFields(a, b, TODO_FIELDS);

type SendResult = 'sent' | 'again' | 'later' | 'refused';

/**
 * How a write's first answer went, for what the user is told (decision 067): `stored` — the
 * server confirmed it; `waiting` — kept on this device and sent later (offline, 503, another
 * tab sending); `dropped` — it had nothing left to do (its todo was never created). A refused
 * write rejects instead.
 */
export type WriteOutcome = 'stored' | 'waiting' | 'dropped';

/**
 * Rows handed to the collection in one sync transaction while a long list is filled in.
 * Under 512: TanStack DB 0.15 sorts its whole synced state again after a transaction of
 * 512 operations or more (`SortedMap.restoreOrder`), which made a chunked load of
 * 100,000 rows quadratic; below it, rows arriving in key order are appended.
 */
export const INGEST_CHUNK = 500;

/**
 * Key ranges a long list is downloaded in, side by side (decision 101): four requests at a time
 * cut the first open of 100,000 todos from 40 round trips in a row to about 10, and stay well
 * under what a browser sends to one origin at once (six). The list is cut into more ranges than
 * that (the server makes fewer when the rest is short), read four at a time: the split points
 * are a guess, and with four uneven ranges the last of them was read alone for a second or more
 * of a 100,000-todo open (decision 104).
 */
export const LIST_RANGES = 8;
export const LIST_RANGES_IN_FLIGHT = 4;

/** The pages that came after a first page: its key ranges, in list order (none when it was the last). */
const rangesAfter = (first: TodoPage): string[] => (first.nextCursor === null ? [] : [first.nextCursor, ...(first.splitCursors ?? [])]);

/** How long the background fill may hold the main thread before it lets the page paint and handle input. */
const FILL_SLICE_MS = 8;

/** How long taking downloaded pages may hold the main thread before it lets the page paint (a page takes 10–40 ms). */
const PAGES_SLICE_MS = 50;

/** Lets the browser paint and handle input (not clamped to 4 ms like nested timers where the Scheduler API exists). */
const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<void> } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined);
  return new Promise((resolve) => setTimeout(resolve, 0));
};

/** What the index is told about rows shown before they are in the collection. */
export type UnfilledListener = (changes: ChangeMessage<Todo, string>[]) => void;

export function createTodoSync({
  userId,
  api,
  feedApi,
  store,
  writer,
  whenReady = () => Promise.resolve(),
  activity = browserActivity,
  lock = webLock,
  retryOf,
}: TodoSyncOptions) {
  const rows = emptySyncedRows();
  let outbox: OutboxEntry[] = [];
  /** What the list shows: the collection's synced state, and the rows not yet filled into it. */
  const view = new Map<string, Todo>();
  /**
   * Rows of `view` not yet written into the collection (a long list is filled in the
   * background), in the order they are filled; shown meanwhile through `showUnfilled`.
   */
  const unfilled = new Set<string>();
  const unfilledListeners = new Set<UnfilledListener>();
  let filling = false;
  let markFilled: () => void = () => undefined;
  const filled = new Promise<void>((resolve) => (markFilled = resolve));
  let cursor: string | undefined;
  /** True while the pages after the first are being read (loadRemainingPages). */
  let loadingPages = false;
  /** Read through a call: it changes across the fill's awaits, which TypeScript's narrowing does not see. */
  const isDownloading = () => loadingPages;
  /** Resolves once a load has put the whole list into the collection (what the UI announces once). */
  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  let started = false;
  let stopped = false;
  // A function, not the variable: TypeScript does not see that an await can change it.
  const isStopped = () => stopped;
  /** Entries whose `savingRows` mark is on. */
  const marked = new Set<string>();
  /** Entries not yet in IndexedDB: another tab cannot have sent them. */
  const unsaved = new Set<string>();
  /** The handlers waiting for their entry's first outcome. */
  const waiting = new Map<string, { resolve: (outcome: WriteOutcome) => void; reject: (error: unknown) => void }>();
  /** Todos whose update met a conflict: named in a notice once the resend is stored. */
  const conflicted = new Map<string, string[]>();

  const lockName = `todos-outbox:${userId}`;
  const save = (work: Promise<void>) => void work.catch(reportStorageError);

  function updateStatus(connection?: 'online' | 'offline' | 'unavailable') {
    syncStatus.set({ pending: outbox.length, ...(connection && { connection }) });
  }

  function mark(entry: OutboxEntry) {
    if (marked.has(entry.id)) return;
    marked.add(entry.id);
    savingRows.add(keysOf(entry));
  }

  function unmark(entry: OutboxEntry) {
    if (!marked.delete(entry.id)) return;
    savingRows.remove(keysOf(entry));
  }

  function pendingKeys(): Set<string> {
    return new Set(outbox.flatMap(keysOf));
  }

  /** Recomputes the view of `ids` and writes what changed into the collection, in one batch. */
  function refreshView(ids: Iterable<string>) {
    const upserts: Todo[] = [];
    const deletes: string[] = [];
    const unfilledChanges: ChangeMessage<Todo, string>[] = [];
    for (const id of new Set(ids)) {
      const next = viewOf(id, rows.confirmed.get(id), outbox);
      const current = view.get(id);
      if (next === undefined) {
        if (current) {
          view.delete(id);
          if (unfilled.delete(id)) unfilledChanges.push({ type: 'delete', key: id, value: current });
          else deletes.push(id);
        }
      } else if (!current || !sameRow(current, next)) {
        view.set(id, next);
        // Not in the collection yet: the fill takes its latest view when it gets there.
        if (unfilled.has(id)) unfilledChanges.push({ type: 'update', key: id, value: next, previousValue: current });
        else upserts.push(next);
      }
    }
    tellUnfilled(unfilledChanges);
    if (upserts.length === 0 && deletes.length === 0) return;
    const reportWriteError = (error: unknown) => console.error('Could not update the todos collection', error);
    try {
      const target = writer();
      // Not awaited: a write made while a user transaction persists becomes visible when that
      // transaction settles, and the sender must not wait for the handler that waits for it.
      void target
        .writeBatch(() => {
          if (upserts.length > 0) void target.writeUpsert(upserts);
          if (deletes.length > 0) void target.writeDelete(deletes);
        })
        .catch(reportWriteError);
    } catch (error) {
      // Before the collection's sync has started (first load in flight) there is nothing to
      // write into yet: `load()` returns the view, this change included.
      reportWriteError(error);
    }
  }

  // ---- Loading ----

  /**
   * List pages travel alone (never in one HTTP batch with another call): each is a full
   * response's worth of todos, and the key ranges are read side by side.
   */
  const readFirstPage = (signal?: AbortSignal) =>
    feedApi.todos.list.query({ limit: LIST_PAGE_SIZE_MAX, split: LIST_RANGES }, { ...(signal && { signal }), context: UNBATCHED });
  const readPage = (cursor: string, signal: AbortSignal) => feedApi.todos.list.query({ cursor, limit: LIST_PAGE_SIZE_MAX }, { signal, context: UNBATCHED });

  async function load(signal?: AbortSignal): Promise<Todo[]> {
    const snapshot = await store.load().catch((error: unknown) => {
      reportStorageError(error);
      return undefined;
    });
    rows.confirmed = new Map();
    rows.gone = new Map();
    outbox = [...(snapshot?.outbox ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
    let morePages: string[];
    if (snapshot?.copy !== undefined) {
      // The stored copy, complete or not: an incomplete one continues from its next page.
      for (const row of snapshot.rows) rows.confirmed.set(row.id, row);
      rows.gone = new Map(snapshot.gone);
      cursor = snapshot.copy.cursor;
      morePages = snapshot.copy.next;
    } else {
      // The first page only: the rest follows once the first rows are on screen.
      const first = await readFirstPage(signal);
      for (const row of first.items) rows.confirmed.set(row.id, row);
      cursor = first.changesCursor;
      morePages = rangesAfter(first);
      save(store.startCopy(first.items, { cursor: first.changesCursor, next: morePages }));
    }
    // A load again (Retry after a failed one): what the last one showed outside the collection goes.
    tellUnfilled([...unfilled].flatMap((id) => {
      const value = view.get(id);
      return value ? [{ type: 'delete' as const, key: id, value }] : [];
    }));
    unfilled.clear();
    view.clear();
    // Only rows with a waiting write differ from the confirmed row (100,000 rows at open).
    const pending = pendingKeys();
    for (const [id, row] of rows.confirmed) {
      const shown = pending.has(id) ? viewOf(id, row, outbox) : row;
      if (shown) view.set(id, shown);
    }
    for (const id of pending) {
      const shown = rows.confirmed.has(id) ? undefined : viewOf(id, undefined, outbox);
      if (shown) view.set(id, shown);
    }
    for (const entry of outbox) mark(entry);
    updateStatus();
    const first: Todo[] = [];
    for (const row of view.values()) {
      if (first.length < INGEST_CHUNK) first.push(row);
      else unfilled.add(row.id);
    }
    const pages = morePages;
    // Set already now: no poll may start between here and the first of those page requests.
    if (pages.length > 0) loadingPages = true;
    // After the collection has taken the first chunk (before, the index would get the rest
    // first, and the first chunk's rows would be inserted before all of them).
    void whenReady().then(async () => {
      if (isStopped()) return;
      showRest(unfilled);
      if (pages.length > 0) await loadRemainingPages(pages, signal);
      if (!isStopped()) markLoaded();
    });
    return first;
  }

  function tellUnfilled(changes: ChangeMessage<Todo, string>[]) {
    if (changes.length === 0) return;
    for (const listener of [...unfilledListeners]) listener(changes);
  }

  /** Shows `ids` (unfilled rows of the view) to the index, and fills them into the collection in the background. */
  function showRest(ids: Iterable<string>) {
    const inserts: ChangeMessage<Todo, string>[] = [];
    for (const id of ids) {
      const value = view.get(id);
      if (value && unfilled.has(id)) inserts.push({ type: 'insert', key: id, value });
    }
    tellUnfilled(inserts);
    void fill();
  }

  /**
   * Writes unfilled rows into the collection, INGEST_CHUNK rows per sync transaction, a few ms per
   * task. Not while the list's pages are still downloading (the end of the download starts it):
   * the fill is the most CPU of an open (about 12–45 µs a row), and on a first open it would
   * compete with storing and showing the pages that make the list whole. Nothing waits for it
   * but Toggle all and Clear completed; a write to a row not yet filled takes that row first.
   */
  async function fill() {
    if (filling || isDownloading()) return;
    filling = true;
    try {
      while (unfilled.size > 0 && !isStopped()) {
        await nextTask();
        const sliceEnd = performance.now() + FILL_SLICE_MS;
        let applied: Promise<void> = Promise.resolve();
        while (unfilled.size > 0 && !isStopped() && performance.now() < sliceEnd) applied = writeUnfilled(firstUnfilled(INGEST_CHUNK));
        // Held while a user's transaction persists (TanStack DB applies sync writes after it): wait, do not pile up.
        await applied;
      }
    } finally {
      filling = false;
    }
    // A download may have started again meanwhile (Retry): then its end fills and marks it.
    if (unfilled.size === 0 && !isStopped() && !isDownloading()) markFilled();
  }

  function firstUnfilled(count: number): string[] {
    const ids: string[] = [];
    for (const id of unfilled) {
      if (ids.length === count) break;
      ids.push(id);
    }
    return ids;
  }

  /** Writes the view of `ids` (unfilled) into the collection; resolves once TanStack DB applied it. */
  function writeUnfilled(ids: readonly string[]): Promise<void> {
    const chunk: Todo[] = [];
    for (const id of ids) {
      if (!unfilled.delete(id)) continue;
      const row = view.get(id);
      if (row) chunk.push(row);
    }
    if (chunk.length === 0) return Promise.resolve();
    try {
      const target = writer();
      return target.writeBatch(() => void target.writeUpsert(chunk)).catch((error: unknown) => console.error('Could not load todos', error));
    } catch (error) {
      console.error('Could not load todos', error);
      return Promise.resolve();
    }
  }

  /**
   * The list's other pages, after the first one is shown: its key ranges read side by side,
   * taken in list order (sync/range-pages.ts). A row the change feed already brought (newer)
   * or deleted meanwhile is not overwritten. Each page is stored as it is taken, with where the
   * download continues: a page closed before the end leaves a partial copy that the next open
   * shows and continues.
   */
  async function loadRemainingPages(ranges: readonly string[], signal?: AbortSignal) {
    loadingPages = true;
    try {
      let sliceStart = performance.now();
      for await (const result of rangePages(ranges, readPage, { signal, inFlight: LIST_RANGES_IN_FLIGHT })) {
        // Pages of later ranges wait, downloaded, for the range before them to end, and then come
        // all at once: taken in one task they held the main thread for 200 ms. Let the page paint
        // and handle input between them once a slice is used up (not after every page: a yield
        // also waits for the paint, 40 of them slowed the open).
        if (performance.now() - sliceStart > PAGES_SLICE_MS) {
          await nextTask();
          sliceStart = performance.now();
        }
        if (isStopped()) break;
        const added: string[] = [];
        const changed: string[] = [];
        const kept: Todo[] = [];
        for (const row of result.items) {
          if (rows.confirmed.has(row.id) || rows.gone.has(row.id)) continue;
          rows.confirmed.set(row.id, row);
          kept.push(row);
          if (view.has(row.id)) changed.push(row.id); // a create of this device's, answered meanwhile
          else {
            const shown = viewOf(row.id, row, outbox);
            if (!shown) continue;
            view.set(row.id, shown);
            unfilled.add(row.id);
            added.push(row.id);
          }
        }
        if (cursor !== undefined) save(store.addToCopy(kept, { cursor, next: result.next }));
        refreshView(changed);
        showRest(added);
      }
    } catch (error) {
      // The rows shown so far stay (and are stored); the next open continues the download.
      if (!isStopped()) writeErrors.report('load all todos', error, {});
    } finally {
      loadingPages = false;
      void fill();
    }
  }

  // ---- The change feed ----

  async function pollOnce(): Promise<boolean> {
    // Not while the list's pages load: a poll would share their HTTP batch (the feed's client),
    // and one request may read at most 2,500 todos across its calls. It reads from the first
    // page's cursor afterwards, so nothing is missed.
    if (cursor === undefined || stopped || loadingPages) return false;
    let page;
    try {
      page = await feedApi.todos.changes.query({ cursor });
    } catch (error) {
      if (classifyFailure(error) === 'offline') updateStatus('offline');
      throw error;
    }
    if (isStopped()) return false;
    // The network is back (a 503 on writes stays "unavailable" until a write gets through).
    if (syncStatus.get().connection === 'offline') updateStatus('online');
    // The API answers again: writes waiting for a retry need not wait for their timer.
    if (retryTimer !== undefined) {
      failures = 0;
      kick();
    }
    if (page.expired) {
      // Deletes older than the horizon are gone from the feed: only the whole list is certain.
      const todos = await downloadList(page.cursor);
      if (todos === undefined) return false;
      const before = [...view.keys()];
      rows.confirmed = new Map(todos.map((todo) => [todo.id, todo]));
      rows.gone = new Map();
      cursor = page.cursor;
      const pending = pendingKeys();
      refreshView([...before, ...rows.confirmed.keys()].filter((id) => !pending.has(id)));
      return true;
    }
    const applied = applyChanges(rows, page.changes);
    cursor = page.cursor;
    if (applied.upserted.size > 0 || applied.deleted.size > 0) save(store.saveRows([...applied.upserted.values()], applied.deleted));
    save(store.saveCursor(page.cursor));
    const pending = pendingKeys();
    refreshView([...applied.upserted.keys(), ...applied.deleted.keys()].filter((id) => !pending.has(id)));
    return page.hasMore;
  }

  /**
   * The whole list again (the feed's cursor expired), stored a page at a time as it arrives,
   * with `feedCursor` (taken before the first page) as where the feed continues. Undefined
   * when stopped meanwhile.
   */
  async function downloadList(feedCursor: string): Promise<Todo[] | undefined> {
    const first = await readFirstPage();
    if (isStopped()) return undefined;
    const ranges = rangesAfter(first);
    save(store.startCopy(first.items, { cursor: feedCursor, next: ranges }));
    const todos = [...first.items];
    for await (const page of rangePages(ranges, readPage, { inFlight: LIST_RANGES_IN_FLIGHT })) {
      if (isStopped()) return undefined;
      save(store.addToCopy(page.items, { cursor: feedCursor, next: page.next }));
      todos.push(...page.items);
    }
    return todos;
  }

  const poller = createPoller(pollOnce, activity);

  // ---- The outbox ----

  let sending = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const retryWaiting = () => retryTimer !== undefined;
  let failures = 0;

  /** Lets every waiting handler return: their changes stay applied and pending. */
  function parkAll() {
    for (const { resolve } of waiting.values()) resolve('waiting');
    waiting.clear();
  }

  function settle(entry: OutboxEntry, outcome: WriteOutcome | { refused: unknown }) {
    const handler = waiting.get(entry.id);
    waiting.delete(entry.id);
    if (typeof outcome === 'string') handler?.resolve(outcome);
    else handler?.reject(outcome.refused);
  }

  function replaceEntry(entry: OutboxEntry, next: OutboxEntry) {
    outbox = outbox.map((e) => (e.id === entry.id ? next : e));
    save(store.saveEntries([next]));
  }

  function removeEntry(entry: OutboxEntry) {
    outbox = outbox.filter((e) => e.id !== entry.id);
    save(store.deleteEntries([entry.id]));
    unmark(entry);
    updateStatus();
  }

  /** The server stored the entry: its answer becomes the confirmed rows. */
  function finish(entry: OutboxEntry, stored: Todo[], deleted: Map<string, number>) {
    removeEntry(entry);
    const rebased = rebase(outbox, stored);
    if (rebased.length > 0) save(store.saveEntries(rebased));
    if (stored.length > 0 || deleted.size > 0) save(store.saveRows(stored, deleted));
    refreshView(keysOf(entry));
    const names = conflicted.get(entry.id);
    conflicted.delete(entry.id);
    if (names) writeErrors.notice(`${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} also changed on another device; your change was applied.`);
    settle(entry, 'stored');
  }

  /** What the server stored before a later chunk failed; returns the part still to send. */
  function applyPartial(entry: OutboxEntry, succeeded: unknown[]): OutboxEntry | undefined {
    let done: Set<string>;
    let stored: Todo[] = [];
    let deleted = new Map<string, number>();
    if (entry.kind === 'delete') {
      done = new Set(succeeded as string[]);
      deleted = applyDeleted(rows, [...done]);
    } else {
      const results = succeeded as Todo[];
      done = new Set(results.map((row) => row.id));
      stored = applyStored(rows, results, { created: entry.kind === 'create' });
    }
    if (stored.length > 0 || deleted.size > 0) save(store.saveRows(stored, deleted));
    const rest = withoutIds(entry, done);
    if (rest) replaceEntry(entry, rest);
    else finish(entry, [], new Map());
    refreshView(done);
    return rest;
  }

  async function send(entry: OutboxEntry): Promise<SendResult> {
    try {
      if (entry.kind === 'create') {
        const items = entry.rows.map(({ id, name, status }) => ({ id, name, status }));
        const stored = await sendInChunks(items, (chunk) => api.todos.create.mutate({ items: chunk }));
        finish(entry, applyStored(rows, stored, { created: true }), new Map());
      } else if (entry.kind === 'update') {
        const stored = await sendInChunks(entry.items, (chunk) => api.todos.update.mutate({ items: chunk }));
        finish(entry, applyStored(rows, stored), new Map());
      } else {
        // Deletes ignore ids that are already gone, so a retry after a lost answer is harmless.
        await sendInChunks(entry.ids, (chunk) => api.todos.delete.mutate({ ids: chunk }));
        finish(entry, [], applyDeleted(rows, entry.ids));
      }
      failures = 0;
      updateStatus('online');
      return 'sent';
    } catch (error) {
      return failed(entry, error);
    }
  }

  function nameOf(id: string) {
    return quoted(view.get(id)?.name ?? rows.confirmed.get(id)?.name ?? 'a todo');
  }

  function failed(sent: OutboxEntry, error: unknown): SendResult {
    let entry: OutboxEntry | undefined = sent;
    if (error instanceof PartialWriteError) {
      entry = applyPartial(sent, error.succeeded);
      if (!entry) return 'sent';
    }
    if (isRetryable(error)) {
      failures++;
      updateStatus(classifyFailure(error) === 'offline' ? 'offline' : 'unavailable');
      parkAll();
      // Never sooner than 200 ms, even if the server says 0: no tight loop.
      scheduleRetry(Math.max(200, retryAfterMs(error) ?? backoffMs(failures)));
      return 'later';
    }
    updateStatus('online');
    const { code, ids } = refusal(error);
    if (entry.kind === 'update' && code === 'CONFLICT' && entry.items.some((item) => item.expectedVersion !== undefined)) {
      // Decision 043: field-level last writer wins. Send only the changed fields again, unconditionally.
      const names = entry.items.filter((item) => !ids || ids.has(item.id)).map((item) => nameOf(item.id));
      conflicted.set(entry.id, [...(conflicted.get(entry.id) ?? []), ...names]);
      replaceEntry(entry, withoutExpectedVersion(entry, ids));
      return 'again';
    }
    if (entry.kind === 'update' && code === 'NOT_FOUND') {
      // Decision 043: a delete always wins. The update is dropped, and so is the row.
      const missing = ids ?? new Set(keysOf(entry));
      const names = [...missing].map(nameOf);
      const deleted = applyDeleted(rows, [...missing]);
      save(store.saveRows([], deleted));
      writeErrors.notice(`${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} deleted on another device; your change to it was dropped.`);
      const rest = withoutIds(entry, missing);
      if (rest) {
        replaceEntry(entry, rest);
        refreshView(missing);
        return 'again';
      }
      finish(entry, [], deleted);
      return 'sent';
    }
    refuse(entry, error);
    return 'refused';
  }

  /** A refused rename of one todo: the error banner's Retry reopens its editor with the name typed. */
  function renameOf(entry: OutboxEntry): { id: string; name: string } | undefined {
    if (entry.kind !== 'update' || entry.items.length !== 1) return undefined;
    const [item] = entry.items;
    return item?.changes.name === undefined ? undefined : { id: item.id, name: item.changes.name };
  }

  /** Not retried (4xx, 500): the change is undone and reported. */
  function refuse(entry: OutboxEntry, error: unknown) {
    removeEntry(entry);
    conflicted.delete(entry.id);
    if (entry.kind === 'create') {
      // Later changes of a todo that was never created have nothing to apply to.
      const never = new Set(keysOf(entry));
      for (const later of [...outbox]) {
        if (!keysOf(later).some((id) => never.has(id))) continue;
        const rest = withoutIds(later, never);
        if (rest) replaceEntry(later, rest);
        else {
          removeEntry(later);
          settle(later, 'dropped');
        }
      }
    }
    refreshView(keysOf(entry));
    writeErrors.report(entry.action, error, { retry: retryOf?.(entry), rename: renameOf(entry) });
    settle(entry, { refused: error });
  }

  function scheduleRetry(ms: number) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      kick();
    }, ms);
  }

  /** Sends the outbox, under the user's lock, until it is empty or has to wait. */
  async function drain(): Promise<true> {
    // Another tab may have sent (and removed) entries this one loaded from IndexedDB.
    const stored = await store.loadOutboxIds().catch(() => undefined);
    if (stored) {
      for (const entry of [...outbox]) {
        if (unsaved.has(entry.id) || stored.has(entry.id)) continue;
        outbox = outbox.filter((e) => e.id !== entry.id);
        unmark(entry);
        refreshView(keysOf(entry));
        settle(entry, 'stored');
      }
      updateStatus();
    }
    for (let entry = outbox[0]; entry && !stopped; entry = outbox[0]) {
      if ((await send(entry)) === 'later') break;
    }
    return true;
  }

  function kick() {
    if (stopped || sending || outbox.length === 0) return;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    sending = true;
    void (async () => {
      try {
        if ((await lock(lockName, drain, { ifAvailable: true })) === undefined) {
          // Another tab is sending: this tab's changes wait (shown as pending) for the lock.
          parkAll();
          await lock(lockName, drain);
        }
        sending = false;
        // Entries added while the last one was being answered: send them now.
        if (!isStopped() && outbox.length > 0 && !retryWaiting()) kick();
      } catch (error) {
        console.error('Outbox', error);
        sending = false;
        if (!isStopped() && outbox.length > 0) scheduleRetry(backoffMs(++failures));
      }
    })();
  }

  /**
   * Called by the collection's handlers: the entry is stored, shown, and sent in order.
   * Resolves with its first outcome; rejects if the server refused it while the handler waited.
   */
  async function enqueue(entry: OutboxEntry): Promise<WriteOutcome> {
    unsaved.add(entry.id);
    outbox.push(entry);
    mark(entry);
    updateStatus();
    const outcome = new Promise<WriteOutcome>((resolve, reject) => waiting.set(entry.id, { resolve, reject }));
    // Stored at once, in the task that draws the change (the collection calls its handler
    // synchronously from insert/update/delete, and nothing is awaited before this): the entry's
    // own small transaction, on the connection the load opened, waits for no other write, so the
    // change survives a reload from the moment IndexedDB commits it (decision 080). And
    // every later write of this entry (rewritten after a conflict or rebase, removed when an
    // answer settles it) is queued after this one, so the stored copy ends as the outbox holds it.
    // A failed save is only logged (attached now, not left unhandled while the next task waits),
    // and the entry stays "unsaved": not in IndexedDB, so no other tab can have sent it.
    const saved = store.saveEntries([entry]).then(
      () => true,
      (error: unknown) => {
        reportStorageError(error);
        return false;
      },
    );
    // The change is on screen already (the collection's optimistic state). Writing it into the
    // synced state, so that it outlives the transaction, is done in the next task: the click is
    // answered first. The transaction cannot end before: this handler returns only once the
    // entry is stored and sent (or parked), which comes after it. Sending waits for the entry to
    // be on disk, so nothing is ever acknowledged that a reload could still lose.
    await nextTask();
    refreshView(keysOf(entry));
    if (await saved) unsaved.delete(entry.id);
    // Already waiting for a retry: this change waits with the others.
    if (retryTimer !== undefined) parkAll();
    else kick();
    return outcome;
  }

  let unsubscribe: (() => void) | undefined;

  return {
    load,
    enqueue,
    /** A new entry id (UUIDv7: ordered across tabs). */
    newEntryId: () => uuidv7(),
    /** Resolves once the whole list is shown (all pages), the first time. */
    whenLoaded: (): Promise<void> => loaded,
    /** Resolves once every row shown is in the collection too (read before a write to many rows). */
    whenFilled: (): Promise<void> => filled,
    /** Whether `id` is shown but not yet in the collection. */
    isUnfilled: (id: string): boolean => unfilled.has(id),
    /**
     * Makes sure `ids` are in the collection before a write to them: rows shown but not yet
     * filled are written now. Resolves once TanStack DB applied them (at once, unless a
     * user's transaction is persisting: then when it settles).
     */
    take(ids: readonly string[]): Promise<void> {
      return writeUnfilled(ids.filter((id) => unfilled.has(id)));
    },
    /**
     * Tells `listener` about the rows shown but not yet in the collection: those there are
     * now (inserts), and every change to them until they are filled. With the collection's
     * own changes, that is the whole list (what the index reads). Returns the unsubscribe.
     */
    showUnfilled(listener: UnfilledListener): () => void {
      unfilledListeners.add(listener);
      const now = [...unfilled].flatMap((id) => {
        const value = view.get(id);
        return value ? [{ type: 'insert' as const, key: id, value }] : [];
      });
      if (now.length > 0) listener(now);
      return () => unfilledListeners.delete(listener);
    },
    /** Once the collection has shown the first load: start following the feed and sending. */
    start() {
      if (stopped || started) return;
      started = true;
      poller.start();
      unsubscribe = activity.onWake((reason) => {
        if (reason !== 'online') return;
        failures = 0;
        kick();
      });
      kick();
    },
    /** Asks the feed once now (tests). */
    pollOnce,
    stop() {
      stopped = true;
      poller.stop();
      unsubscribe?.();
      clearTimeout(retryTimer);
      parkAll();
      for (const entry of outbox) unmark(entry);
      unfilledListeners.clear();
      syncStatus.reset();
      store.close();
    },
    /** For tests: the confirmed rows and the outbox. */
    inspect: () => ({ confirmed: rows.confirmed, gone: rows.gone, outbox, cursor }),
  };
}

export type TodoSync = ReturnType<typeof createTodoSync>;
