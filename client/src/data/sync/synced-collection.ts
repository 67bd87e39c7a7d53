/**
 * The view: a TanStack DB collection whose synced state is written by our sync engine,
 * for any entity. It replaces query-db-collection (issue 22), which mirrored every
 * direct write into a TanStack Query cache entry by copying the whole cached array:
 * about 8 ms per write at 100,000 rows, twice per user action, and quadratic while a
 * long list was handed over a chunk at a time (decision 080).
 *
 * - `load` gives the first rows to show (the stored copy, or the first page); the
 *   collection is ready once they are in. It is tried again like TanStack Query did
 *   (`retry`), then the collection shows an error, and `utils.refetch()` tries again.
 * - `utils.writer` writes rows into the synced state (upserts and deletes, batched into
 *   one sync transaction), for the engine to keep the view of confirmed rows + outbox.
 *   Each write costs what it touches, whatever the number of rows.
 */
import type { ChangeMessageOrDeleteKeyMessage, CollectionConfig, UtilsRecord } from '@tanstack/db';

/** What the sync engine writes into the collection's synced state. */
export interface SyncedWriter<Row> {
  /**
   * One sync transaction for every write `callback` makes (one change event for the UI).
   * Resolves once TanStack DB applied it: at once, or when the user's transactions that
   * are persisting meanwhile settle (it holds sync writes until then).
   */
  writeBatch(callback: () => void): Promise<void>;
  writeUpsert(rows: Row[]): Promise<void>;
  writeDelete(keys: string[]): Promise<void>;
}

export interface LoadRetry {
  /** Tries after the first one. */
  retries: number;
  delayMs: (failures: number) => number;
  /** False for a failure another try cannot fix (a 401). */
  retryable: (error: unknown) => boolean;
}

export interface SyncedCollectionUtils<Row> extends UtilsRecord {
  writer: SyncedWriter<Row>;
  /** Why the first load failed (after its retries), until a load succeeds. */
  loadError: () => unknown;
  /** Loads again (the load error's Retry). */
  refetch: () => Promise<void>;
}

type Handlers<Row extends object> = Pick<CollectionConfig<Row, string, never, SyncedCollectionUtils<Row>>, 'onInsert' | 'onUpdate' | 'onDelete'>;

export interface SyncedCollectionConfig<Row extends object> extends Handlers<Row> {
  id: string;
  getKey: (row: Row) => string;
  load: (signal: AbortSignal) => Promise<Row[]>;
  retry?: LoadRetry;
}

type SyncParams<Row extends object> = Parameters<CollectionConfig<Row, string>['sync']['sync']>[0];

const NO_RETRY: LoadRetry = { retries: 0, delayMs: () => 0, retryable: () => false };

export function syncedCollectionOptions<Row extends object>({ id, getKey, load, retry = NO_RETRY, ...handlers }: SyncedCollectionConfig<Row>) {
  let params: SyncParams<Row> | undefined;
  /** Keys in the synced state: a write is an insert or an update by this, not by a lookup. */
  const present = new Set<string>();
  let inBatch = false;
  let lastError: unknown;
  let controller = new AbortController();

  function target(): SyncParams<Row> {
    if (!params) throw new Error(`The collection ${id} has not started syncing`);
    return params;
  }

  /** Runs `writes` in the current batch, or in a sync transaction of its own. */
  function inTransaction(writes: (sync: SyncParams<Row>) => void) {
    const sync = target();
    if (inBatch) writes(sync);
    else {
      sync.begin();
      writes(sync);
      void sync.commit();
    }
    return Promise.resolve();
  }

  const writer: SyncedWriter<Row> = {
    writeBatch(callback) {
      const sync = target();
      sync.begin();
      inBatch = true;
      let applied: true | Promise<void>;
      try {
        callback();
      } finally {
        inBatch = false;
        applied = sync.commit();
      }
      return applied === true ? Promise.resolve() : applied;
    },
    writeUpsert: (rows) =>
      inTransaction((sync) => {
        for (const row of rows) {
          const key = getKey(row);
          sync.write({ type: present.has(key) ? 'update' : 'insert', value: row } as ChangeMessageOrDeleteKeyMessage<Row, string>);
          present.add(key);
        }
      }),
    writeDelete: (keys) =>
      inTransaction((sync) => {
        for (const key of keys) {
          if (!present.delete(key)) continue;
          sync.write({ type: 'delete', key });
        }
      }),
  };

  async function loadFirst(sync: SyncParams<Row>, collectionStatus: () => string): Promise<void> {
    controller.abort();
    const current = (controller = new AbortController());
    // A function: TypeScript does not see that an await can change it.
    const aborted = () => current.signal.aborted;
    for (let failures = 0; ; failures++) {
      try {
        const rows = await load(current.signal);
        if (aborted()) return;
        sync.begin();
        if (present.size > 0) {
          sync.truncate();
          present.clear();
        }
        for (const row of rows) {
          sync.write({ type: 'insert', value: row } as ChangeMessageOrDeleteKeyMessage<Row, string>);
          present.add(getKey(row));
        }
        void sync.commit();
        lastError = undefined;
        sync.markReady();
        return;
      } catch (error) {
        if (aborted()) return;
        if (failures >= retry.retries || !retry.retryable(error)) {
          lastError = error;
          if (collectionStatus() !== 'error') sync.markError(error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retry.delayMs(failures)));
        if (aborted()) return;
      }
    }
  }

  const utils: SyncedCollectionUtils<Row> = {
    writer,
    loadError: () => lastError,
    refetch: () => {
      const current = params;
      return current ? loadFirst(current, () => current.collection.status) : Promise.resolve();
    },
  };

  return {
    id,
    getKey,
    ...handlers,
    utils,
    sync: {
      // Every write carries the whole row.
      rowUpdateMode: 'full' as const,
      sync(sync: SyncParams<Row>) {
        params = sync;
        present.clear();
        void loadFirst(sync, () => sync.collection.status);
        return () => {
          controller.abort();
          params = undefined;
        };
      },
    },
  };
}
