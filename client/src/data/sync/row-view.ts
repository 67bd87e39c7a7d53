/**
 * The view: what the list shows of an entity, kept in the collection's synced state.
 *
 *   view = confirmed rows + every waiting outbox entry laid over them
 *
 * Every change (a feed page, an answer, a refusal) ends in `refresh(ids)`, which recomputes the
 * view of those rows and writes only what changed into the collection, in one batch.
 *
 * A long list is shown at once, but only its first INGEST_CHUNK rows go into the collection
 * before it is ready: the rest is shown through `showUnfilled` (what the list's index reads
 * besides the collection) and taken into the collection a chunk at a time in the background
 * ("filled"). TanStack DB costs about 12 µs a row to take a row into its synced state, over a
 * second at 100,000: the list and counter do not wait for it (decision 081). A write to a row
 * not yet filled takes it first (`take`).
 */
import type { ChangeMessage } from '@tanstack/db';
import { sameFields } from '../../../../shared/fields';
import type { SyncedRow } from './entity';
import { nextTask } from './next-task';
import { viewOf } from './outbox-entries';
import type { SyncedWriter } from './synced-collection';
import { pendingKeys, type SyncState } from './sync-state';

/**
 * Rows handed to the collection in one sync transaction while a long list is filled in.
 * Under 512: TanStack DB 0.15 sorts its whole synced state again after a transaction of
 * 512 operations or more (`SortedMap.restoreOrder`), which made a chunked load of
 * 100,000 rows quadratic; below it, rows arriving in key order are appended.
 */
export const INGEST_CHUNK = 500;

/** How long the background fill may hold the main thread before it lets the page paint and handle input. */
const FILL_SLICE_MS = 8;

/** What the index is told about rows shown before they are in the collection. */
export type UnfilledListener<Row extends object> = (changes: ChangeMessage<Row, string>[]) => void;

export function createRowView<Row extends SyncedRow, Changes extends object>(state: SyncState<Row, Changes>, writer: () => SyncedWriter<Row>) {
  const { entity } = state;
  const shown = new Map<string, Row>();
  /**
   * Rows of the view not yet written into the collection (a long list is filled in the
   * background), in the order they are filled; shown meanwhile through `showUnfilled`.
   */
  const unfilled = new Set<string>();
  const listeners = new Set<UnfilledListener<Row>>();
  let filling = false;
  let markFilled: () => void = () => undefined;
  const filled = new Promise<void>((resolve) => (markFilled = resolve));
  // Functions, not the fields: TypeScript does not see that an await can change them.
  const isStopped = () => state.stopped;
  const isDownloading = () => state.loadingPages;

  const viewOfRow = (id: string, confirmed: Row | undefined) => viewOf(id, confirmed, state.outbox, entity.contentFields);
  /** Every field of the schema alike: a view that changed in any of them is shown again. */
  const sameRow = (a: Row, b: Row) => sameFields(a, b, entity.fields);
  const reportWriteError = (error: unknown) => console.error(`Could not update the ${entity.name} collection`, error);

  function tellUnfilled(changes: ChangeMessage<Row, string>[]) {
    if (changes.length === 0) return;
    for (const listener of [...listeners]) listener(changes);
  }

  /** Recomputes the view of `ids` and writes what changed into the collection, in one batch. */
  function refresh(ids: Iterable<string>) {
    const upserts: Row[] = [];
    const deletes: string[] = [];
    const unfilledChanges: ChangeMessage<Row, string>[] = [];
    for (const id of new Set(ids)) {
      const next = viewOfRow(id, state.rows.confirmed.get(id));
      const current = shown.get(id);
      if (next === undefined) {
        if (current) {
          shown.delete(id);
          if (unfilled.delete(id)) unfilledChanges.push({ type: 'delete', key: id, value: current });
          else deletes.push(id);
        }
      } else if (!current || !sameRow(current, next)) {
        shown.set(id, next);
        // Not in the collection yet: the fill takes its latest view when it gets there.
        if (unfilled.has(id)) unfilledChanges.push({ type: 'update', key: id, value: next, previousValue: current });
        else upserts.push(next);
      }
    }
    tellUnfilled(unfilledChanges);
    if (upserts.length === 0 && deletes.length === 0) return;
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
      // write into yet: the load returns the view, this change included.
      reportWriteError(error);
    }
  }

  /**
   * The view made anew from the confirmed rows and the outbox (a load). Returns the rows the
   * collection takes at once; the rest waits, unfilled, for `showRest`.
   */
  function rebuild(): Row[] {
    // A load again (Retry after a failed one): what the last one showed outside the collection goes.
    tellUnfilled(
      [...unfilled].flatMap((id) => {
        const value = shown.get(id);
        return value ? [{ type: 'delete' as const, key: id, value }] : [];
      }),
    );
    unfilled.clear();
    shown.clear();
    // Only rows with a waiting write differ from the confirmed row (100,000 rows at open).
    const pending = pendingKeys(state);
    for (const [id, row] of state.rows.confirmed) {
      const next = pending.has(id) ? viewOfRow(id, row) : row;
      if (next) shown.set(id, next);
    }
    for (const id of pending) {
      const next = state.rows.confirmed.has(id) ? undefined : viewOfRow(id, undefined);
      if (next) shown.set(id, next);
    }
    const first: Row[] = [];
    for (const row of shown.values()) {
      if (first.length < INGEST_CHUNK) first.push(row);
      else unfilled.add(row.id);
    }
    return first;
  }

  /**
   * Takes a downloaded page of the list into the confirmed rows and the view; rows the feed
   * already brought (newer) or deleted meanwhile are not overwritten. Returns the rows taken (to
   * be stored), the rows already shown whose view may have changed (`refresh` them) and the
   * new ones (`showRest` them).
   */
  function takePage(items: readonly Row[]): { kept: Row[]; changed: string[]; added: string[] } {
    const added: string[] = [];
    const changed: string[] = [];
    const kept: Row[] = [];
    for (const row of items) {
      if (state.rows.confirmed.has(row.id) || state.rows.gone.has(row.id)) continue;
      state.rows.confirmed.set(row.id, row);
      kept.push(row);
      if (shown.has(row.id)) changed.push(row.id); // a create of this device's, answered meanwhile
      else {
        const next = viewOfRow(row.id, row);
        if (!next) continue;
        shown.set(row.id, next);
        unfilled.add(row.id);
        added.push(row.id);
      }
    }
    return { kept, changed, added };
  }

  /** Shows `ids` (unfilled rows of the view) to the index, and fills them into the collection in the background. */
  function showRest(ids: Iterable<string>) {
    const inserts: ChangeMessage<Row, string>[] = [];
    for (const id of ids) {
      const value = shown.get(id);
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
    const chunk: Row[] = [];
    for (const id of ids) {
      if (!unfilled.delete(id)) continue;
      const row = shown.get(id);
      if (row) chunk.push(row);
    }
    if (chunk.length === 0) return Promise.resolve();
    const reportLoadError = (error: unknown) => console.error(`Could not load ${entity.name}`, error);
    try {
      const target = writer();
      return target.writeBatch(() => void target.writeUpsert(chunk)).catch(reportLoadError);
    } catch (error) {
      reportLoadError(error);
      return Promise.resolve();
    }
  }

  return {
    refresh,
    rebuild,
    takePage,
    showRest,
    fill,
    /** What the list shows of `id` (undefined: not shown). */
    get: (id: string): Row | undefined => shown.get(id),
    /** The ids shown. */
    ids: (): string[] => [...shown.keys()],
    /** The rows shown not yet in the collection. */
    unfilled: (): ReadonlySet<string> => unfilled,
    /** Resolves once every row shown is in the collection too. */
    whenFilled: (): Promise<void> => filled,
    /** Makes sure `ids` are in the collection (rows shown but not yet filled are written now). */
    take: (ids: readonly string[]): Promise<void> => writeUnfilled(ids.filter((id) => unfilled.has(id))),
    /**
     * Tells `listener` about the rows shown but not yet in the collection: those there are now
     * (inserts), and every change to them until they are filled. Returns the unsubscribe.
     */
    showUnfilled(listener: UnfilledListener<Row>): () => void {
      listeners.add(listener);
      const now = [...unfilled].flatMap((id) => {
        const value = shown.get(id);
        return value ? [{ type: 'insert' as const, key: id, value }] : [];
      });
      if (now.length > 0) listener(now);
      return () => listeners.delete(listener);
    },
    stop: () => listeners.clear(),
  };
}

export type RowView<Row extends SyncedRow> = ReturnType<typeof createRowView<Row, object>>;
