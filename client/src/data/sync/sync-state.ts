/**
 * What the engine's parts share for one entity of one person: the confirmed rows, the
 * outbox, where the feed stands and whether the sync runs. Each part (the view, the loader,
 * the feed, the outbox sender) reads and changes it; entity-sync.ts makes one and hands it to
 * each.
 */
import { reportStorageError, type LocalCopyStore } from './local-copy-store';
import { keysOf, type OutboxEntry } from './outbox-entries';
import type { EntityDefinition, SyncedRow } from './entity';
import { emptySyncedRows, type SyncedRows } from './synced-rows';
import { syncStatus, type Connection } from '../sync-status';

export interface SyncState<Row extends SyncedRow, Changes extends object> {
  readonly entity: EntityDefinition<Row, Changes>;
  readonly store: LocalCopyStore<Row, OutboxEntry<Row, Changes>>;
  /** What the server confirmed (rows and tombstones). */
  readonly rows: SyncedRows<Row>;
  /** The writes not yet answered, oldest first. */
  outbox: OutboxEntry<Row, Changes>[];
  /** Where the change feed continues; undefined until the first load. */
  cursor: string | undefined;
  /** The last load read the list from the server (true) or the copy on the device (false). */
  fresh: boolean;
  /** True while the pages after the first are being read. */
  loadingPages: boolean;
  stopped: boolean;
}

export function createSyncState<Row extends SyncedRow, Changes extends object>(
  entity: EntityDefinition<Row, Changes>,
  store: LocalCopyStore<Row, OutboxEntry<Row, Changes>>,
): SyncState<Row, Changes> {
  return { entity, store, rows: emptySyncedRows(), outbox: [], cursor: undefined, fresh: false, loadingPages: false, stopped: false };
}

/** Stores in the background; a failure is reported, never thrown at the change that caused it. */
export const save = (work: Promise<void>): void => void work.catch(reportStorageError);

/** The status line: how many writes wait, and (when known) how the last request went. */
export function updateStatus<Row extends SyncedRow, Changes extends object>(state: SyncState<Row, Changes>, connection?: Connection): void {
  syncStatus.setPending(state.entity.name, state.outbox.length, connection);
}

/** The ids with a write waiting: their view differs from the confirmed row. */
export function pendingKeys<Row extends SyncedRow, Changes extends object>(state: SyncState<Row, Changes>): Set<string> {
  return new Set(state.outbox.flatMap(keysOf));
}
