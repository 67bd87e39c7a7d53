/**
 * What the change feed (person-feed.ts) does to one entity's copy. A change counts only when
 * it tells something new of its row (synced-rows.ts), and never touches the view of a row with
 * a waiting write: that write's answer decides it. A partition the person can no longer see
 * (a list they left) is forgotten; one the feed cannot carry in one answer, or one the person
 * has just been given, is read again in full; an expired cursor means deletes may be gone from
 * the feed, so the whole entity is read again (loader.ts).
 */
import type { RowChange, EntityApi, SyncedRow } from './entity';
import type { Loader } from './loader';
import type { RowView } from './row-view';
import { applyChanges, applyDeleted, forgetRows } from './synced-rows';
import { pendingKeys, save, type SyncState } from './sync-state';

/** What the feed needs of every entity, whatever its rows. */
export interface FeedTarget {
  readonly name: string;
  /** Where the last load says the feed continues, and whether it read the server (undefined: not loaded). */
  startCursor(): { cursor: string; fresh: boolean } | undefined;
  /** True while the entity's list pages load: a poll waits (it would share their HTTP batch). */
  busy(): boolean;
  /** The whole entity again (the feed's cursor expired); false when stopped meanwhile. */
  reloadAll(cursor: string): Promise<boolean>;
  /** Stores where the feed continues, once a page is applied. */
  saveCursor(cursor: string): void;
}

export interface EntityFeedTarget<Row extends SyncedRow> extends FeedTarget {
  /** Changes from the feed, oldest first. */
  apply(changes: readonly RowChange<Row>[]): void;
  /** The rows of partitions the person can no longer see. */
  forget(partitions: ReadonlySet<string>): void;
  /** Partitions read again in full (joined, or more changed than one answer carries). */
  reload(partitions: readonly string[]): Promise<void>;
  /** Whether the copy has rows of this partition (a list not known yet is read in full). */
  has(id: string): boolean;
}

export function createFeedTarget<Row extends SyncedRow, Changes extends object>(
  state: SyncState<Row, Changes>,
  view: RowView<Row>,
  loader: Loader<Row>,
  api: EntityApi<Row, Changes>,
): EntityFeedTarget<Row> {
  const { rows, store, entity } = state;

  /** Shows what changed, except rows with a waiting write (its answer decides them). */
  function refresh(ids: Iterable<string>) {
    const pending = pendingKeys(state);
    view.refresh([...ids].filter((id) => !pending.has(id)));
  }

  function apply(changes: readonly RowChange<Row>[]) {
    const applied = applyChanges(rows, changes, entity.fields);
    if (applied.upserted.size > 0 || applied.deleted.size > 0) save(store.saveRows([...applied.upserted.values()], applied.deleted));
    refresh([...applied.upserted.keys(), ...applied.deleted.keys()]);
  }

  return {
    name: entity.name,
    startCursor: () => (state.cursor === undefined ? undefined : { cursor: state.cursor, fresh: state.fresh }),
    busy: () => state.loadingPages,
    apply,
    has: (id) => rows.confirmed.has(id),
    forget(partitions) {
      if (partitions.size === 0) return;
      const forgotten = forgetRows(rows, (row) => partitions.has(api.partitionOf(row)));
      if (forgotten.length === 0) return;
      save(store.forgetRows(forgotten));
      refresh(forgotten);
    },
    async reload(partitions) {
      for (const partition of partitions) {
        // What the copy held when the read began: only those rows, unchanged since, can be
        // known deleted by their absence. A row this client wrote meanwhile (an Undo's create
        // answered during the download) is newer than the read and stays.
        const before = new Map<string, number>();
        for (const row of rows.confirmed.values()) if (api.partitionOf(row) === partition) before.set(row.id, row.version);
        const read = await loader.downloadPartition(partition);
        if (read === undefined) return;
        const present = new Set(read.map((row) => row.id));
        const pending = pendingKeys(state);
        const missing = [...before].flatMap(([id, version]) =>
          !present.has(id) && !pending.has(id) && rows.confirmed.get(id)?.version === version ? [id] : [],
        );
        const deleted = applyDeleted(rows, missing);
        if (deleted.size > 0) save(store.saveRows([], deleted));
        refresh(deleted.keys());
        apply(read.map((row) => ({ ...row, deleted: false as const })));
      }
    },
    async reloadAll(cursor) {
      // Deletes older than the horizon are gone from the feed: only the whole list is certain.
      const all = await loader.downloadList(cursor);
      if (all === undefined) return false;
      const before = view.ids();
      rows.confirmed = new Map(all.map((row) => [row.id, row]));
      rows.gone = new Map();
      state.cursor = cursor;
      refresh([...before, ...rows.confirmed.keys()]);
      return true;
    },
    saveCursor(cursor) {
      state.cursor = cursor;
      save(store.saveCursor(cursor));
    },
  };
}
