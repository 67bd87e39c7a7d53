/**
 * The loader: an entity's first load, and the whole list again when the feed's cursor expired.
 *
 * The first load is the stored copy when there is one (shown before any request), otherwise
 * the list's first page; the rest of a long list follows in key ranges read side by side
 * (range-pages.ts), stored a page at a time as it arrives, so a partial copy is continued from
 * where it stopped. Afterwards only the change feed is read (feed.ts), never the full list
 * again, unless the cursor expired.
 */
import { writeErrors } from '../write-errors';
import type { EntityApi, FirstPage, SyncedRow } from './entity';
import { reportStorageError } from './local-copy-store';
import { nextTask } from './next-task';
import { rangePages } from './range-pages';
import type { RowView } from './row-view';
import { save, updateStatus, type SyncState } from './sync-state';

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

/** How long taking downloaded pages may hold the main thread before it lets the page paint (a page takes 10–40 ms). */
const PAGES_SLICE_MS = 50;

/** The pages that came after a first page: its key ranges, in list order (none when it was the last). */
const rangesAfter = (first: FirstPage<unknown>): string[] => (first.nextCursor === null ? [] : [first.nextCursor, ...(first.splitCursors ?? [])]);

export interface LoaderOptions<Row extends SyncedRow, Changes extends object> {
  state: SyncState<Row, Changes>;
  view: RowView<Row>;
  api: EntityApi<Row, Changes>;
  /**
   * Resolves once the collection holds what `load()` returned. Rows written into it before
   * that would be dropped when it takes the load's result, so the rest of a long list waits.
   */
  whenReady: () => Promise<void>;
  /** The outbox was read from the device: its entries are shown as saving. */
  onOutboxRestored: () => void;
}

export function createLoader<Row extends SyncedRow, Changes extends object>({ state, view, api, whenReady, onOutboxRestored }: LoaderOptions<Row, Changes>) {
  const { store, rows, entity } = state;
  const isStopped = () => state.stopped;
  /** Resolves once a load has put the whole list into the collection (what the UI announces once). */
  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));

  /** Resolves with the rows the collection takes at once; the rest is shown and filled in after. */
  async function load(signal?: AbortSignal): Promise<Row[]> {
    const snapshot = await store.load().catch((error: unknown) => {
      // Stopped meanwhile, the store was closed under the read: expected, nobody waits for it.
      if (!isStopped()) reportStorageError(error);
      return undefined;
    });
    if (isStopped()) return [];
    rows.confirmed = new Map();
    rows.gone = new Map();
    state.outbox = [...(snapshot?.outbox ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
    let pages: string[];
    if (snapshot?.copy !== undefined) {
      // The stored copy, complete or not: an incomplete one continues from its next page.
      for (const row of snapshot.rows) rows.confirmed.set(row.id, row);
      rows.gone = new Map(snapshot.gone);
      state.cursor = snapshot.copy.cursor;
      pages = snapshot.copy.next;
      state.fresh = false;
    } else {
      // The first page only: the rest follows once the first rows are on screen.
      const first = await api.readFirstPage(LIST_RANGES, signal);
      // Stopped meanwhile (signed out): the store is closed, and nobody shows the rows.
      if (isStopped()) return [];
      state.fresh = true;
      for (const row of first.items) rows.confirmed.set(row.id, row);
      state.cursor = first.changesCursor;
      pages = rangesAfter(first);
      save(store.startCopy(first.items, { cursor: first.changesCursor, next: pages }));
    }
    const first = view.rebuild();
    onOutboxRestored();
    updateStatus(state);
    // Set already now: no poll may start between here and the first of those page requests.
    if (pages.length > 0) state.loadingPages = true;
    // After the collection has taken the first chunk (before, the index would get the rest
    // first, and the first chunk's rows would be inserted before all of them).
    void whenReady().then(async () => {
      if (isStopped()) return;
      view.showRest(view.unfilled());
      if (pages.length > 0) await loadRemainingPages(pages, signal);
      if (!isStopped()) markLoaded();
    });
    return first;
  }

  /**
   * The list's other pages, after the first one is shown: its key ranges read side by side,
   * taken in list order. Each page is stored as it is taken, with where the download
   * continues: a page closed before the end leaves a partial copy that the next open shows and
   * continues.
   */
  async function loadRemainingPages(ranges: readonly string[], signal?: AbortSignal) {
    state.loadingPages = true;
    try {
      let sliceStart = performance.now();
      for await (const result of rangePages(ranges, api.readPage, { signal, inFlight: LIST_RANGES_IN_FLIGHT })) {
        // Pages of later ranges wait, downloaded, for the range before them to end, and then come
        // all at once: taken in one task they held the main thread for 200 ms. Let the page paint
        // and handle input between them once a slice is used up (not after every page: a yield
        // also waits for the paint, 40 of them slowed the open).
        if (performance.now() - sliceStart > PAGES_SLICE_MS) {
          await nextTask();
          sliceStart = performance.now();
        }
        if (isStopped()) break;
        const { kept, changed, added } = view.takePage(result.items);
        if (state.cursor !== undefined) save(store.addToCopy(kept, { cursor: state.cursor, next: result.next }));
        view.refresh(changed);
        view.showRest(added);
      }
    } catch (error) {
      // The rows shown so far stay (and are stored); the next open continues the download.
      if (!isStopped()) writeErrors.report(`load all ${entity.name}`, error, {});
    } finally {
      state.loadingPages = false;
      void view.fill();
    }
  }

  /**
   * The whole list again (the feed's cursor expired), stored a page at a time as it arrives,
   * with `feedCursor` (taken before the first page) as where the feed continues. Undefined
   * when stopped meanwhile.
   */
  async function downloadList(feedCursor: string): Promise<Row[] | undefined> {
    const first = await api.readFirstPage(LIST_RANGES);
    if (isStopped()) return undefined;
    const ranges = rangesAfter(first);
    save(store.startCopy(first.items, { cursor: feedCursor, next: ranges }));
    const all = [...first.items];
    for await (const page of rangePages(ranges, api.readPage, { inFlight: LIST_RANGES_IN_FLIGHT })) {
      if (isStopped()) return undefined;
      save(store.addToCopy(page.items, { cursor: feedCursor, next: page.next }));
      all.push(...page.items);
    }
    return all;
  }

  /**
   * One partition in full (a list joined, or one with more changes than a feed answer carries),
   * in memory: the feed stores it with the page that asked for it. Undefined when stopped meanwhile.
   */
  async function downloadPartition(partition: string): Promise<Row[] | undefined> {
    const first = await api.readPartition(partition, LIST_RANGES);
    if (isStopped()) return undefined;
    const all = [...first.items];
    for await (const page of rangePages(rangesAfter(first), api.readPage, { inFlight: LIST_RANGES_IN_FLIGHT })) {
      if (isStopped()) return undefined;
      all.push(...page.items);
    }
    return all;
  }

  return { load, downloadList, downloadPartition, whenLoaded: (): Promise<void> => loaded };
}

export type Loader<Row extends SyncedRow> = ReturnType<typeof createLoader<Row, object>>;
