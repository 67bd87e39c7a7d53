/**
 * Where one user's local copy lives between page loads: IndexedDB (through
 * idb-keyval, ~1 KB), one database per user, one object store whose keys say
 * what each value is:
 *
 *   ['row', id]      a confirmed (server) row     ['gone', id]  a tombstone version
 *   ['outbox', id]   a write not yet answered     'cursor'      where the change feed continues
 *
 * Every change writes only the keys it touches (a toggle is one `put`), never the
 * whole list; opening reads each kind with one `getAll` over its key range, which
 * takes tens of milliseconds for 10,000 rows. Rows and tombstones are only ever
 * written with what the server confirmed; the outbox holds the rest.
 */
import { createStore, delMany, promisifyRequest, set, setMany, type UseStore } from 'idb-keyval';
import type { Todo } from '../../../shared/todo';
import type { OutboxEntry } from './outbox-entries';

export interface LocalSnapshot {
  /** Undefined until a full list was loaded once: without it the rows are not a complete copy. */
  cursor: string | undefined;
  rows: Todo[];
  gone: [string, number][];
  outbox: OutboxEntry[];
}

export interface LocalStore {
  load(): Promise<LocalSnapshot>;
  /** Only the outbox, read again under the outbox lock (another tab may have sent some). */
  loadOutboxIds(): Promise<Set<string>>;
  saveRows(rows: readonly Todo[], deleted: ReadonlyMap<string, number>): Promise<void>;
  /** After a full load: every row replaced, tombstones forgotten (the list is complete). */
  replaceRows(rows: readonly Todo[], cursor: string): Promise<void>;
  saveCursor(cursor: string): Promise<void>;
  saveEntries(entries: readonly OutboxEntry[]): Promise<void>;
  deleteEntries(ids: readonly string[]): Promise<void>;
  /** Lets go of the database (sign-out deletes it, which waits for open connections). */
  close(): void;
}

const rowKey = (id: string) => ['row', id];
const goneKey = (id: string) => ['gone', id];
const entryKey = (id: string) => ['outbox', id];
/** Every key [kind, <string>]: arrays sort after strings, so [kind, []] closes the range. */
const kindRange = (kind: string) => IDBKeyRange.bound([kind], [kind, []]);

const DATABASE_PREFIX = 'todos:';
export const databaseName = (userId: string) => `${DATABASE_PREFIX}${userId}`;
const STORE = 'data';

/** Tombstones only guard against late copies of older changes (seconds): a day is plenty. */
const TOMBSTONE_KEEP_MS = 24 * 60 * 60 * 1000;

interface StoredTombstone {
  version: number;
  at: number;
}

export function indexedDbStore(userId: string): LocalStore {
  const store: UseStore = createStore(databaseName(userId), STORE);
  const getAll = <T>(kind: string) => store('readonly', (s) => promisifyRequest(s.getAll(kindRange(kind)) as IDBRequest<T[]>));
  const getAllKeys = (kind: string) => store('readonly', (s) => promisifyRequest(s.getAllKeys(kindRange(kind))));

  return {
    async load() {
      const [cursor, rows, goneKeys, goneValues, outbox] = await Promise.all([
        store('readonly', (s) => promisifyRequest(s.get('cursor') as IDBRequest<string | undefined>)),
        getAll<Todo>('row'),
        getAllKeys('gone'),
        getAll<StoredTombstone>('gone'),
        getAll<OutboxEntry>('outbox'),
      ]);
      const now = Date.now();
      const gone: [string, number][] = [];
      const expired: IDBValidKey[] = [];
      goneKeys.forEach((key, index) => {
        const value = goneValues[index];
        const id = (key as [string, string])[1];
        if (value && now - value.at < TOMBSTONE_KEEP_MS) gone.push([id, value.version]);
        else expired.push(key);
      });
      if (expired.length > 0) void delMany(expired, store).catch(reportStorageError);
      return { cursor, rows, gone, outbox };
    },
    async loadOutboxIds() {
      const keys = await getAllKeys('outbox');
      return new Set(keys.map((key) => (key as [string, string])[1]));
    },
    async saveRows(rows, deleted) {
      const at = Date.now();
      await store('readwrite', (s) => {
        for (const row of rows) {
          s.put(row, rowKey(row.id));
          // A row stored after its delete was made anew (Undo): the tombstone no longer applies,
          // and kept it would hide the row's next changes (versions up to its number) after a reload.
          s.delete(goneKey(row.id));
        }
        for (const [id, version] of deleted) {
          s.delete(rowKey(id));
          s.put({ version, at } satisfies StoredTombstone, goneKey(id));
        }
        return promisifyRequest(s.transaction);
      });
    },
    async replaceRows(rows, cursor) {
      await store('readwrite', (s) => {
        s.delete(kindRange('row'));
        s.delete(kindRange('gone'));
        for (const row of rows) s.put(row, rowKey(row.id));
        s.put(cursor, 'cursor');
        return promisifyRequest(s.transaction);
      });
    },
    saveCursor: (cursor) => set('cursor', cursor, store),
    saveEntries: (entries) => setMany(entries.map((entry) => [entryKey(entry.id), entry]), store),
    deleteEntries: (ids) => delMany(ids.map(entryKey), store),
    close: () => void store('readonly', (s) => s.transaction.db.close()).catch(() => undefined),
  };
}

/**
 * Every user who has a local copy in this browser profile (from the database names).
 * Empty where the browser cannot list databases (`indexedDB.databases()` is missing).
 */
export async function usersWithLocalCopies(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const databases = await indexedDB.databases();
  return databases.flatMap(({ name }) => (name?.startsWith(DATABASE_PREFIX) ? [name.slice(DATABASE_PREFIX.length)] : []));
}

/**
 * A session that ended without sign-out (decision 065): the copy of the list goes
 * (rows, tombstones, cursor), the writes not yet sent stay for this user's next
 * sign-in in this browser (deleting them would lose work the user believes is saved).
 * Without any, the database goes too. Returns how many writes are kept.
 */
export async function forgetListKeepUnsent(userId: string): Promise<number> {
  if (typeof indexedDB === 'undefined') return 0;
  const kept = await createStore(databaseName(userId), STORE)('readwrite', (s) => {
    s.delete(kindRange('row'));
    s.delete(kindRange('gone'));
    s.delete('cursor');
    const count = s.count(kindRange('outbox'));
    s.transaction.db.close();
    return promisifyRequest(s.transaction).then(() => count.result);
  });
  if (kept === 0) await deleteLocalData(userId);
  return kept;
}

/** Sign-out: the user's database goes, rows, outbox and all. */
export async function deleteLocalData(userId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  // Empty it first: deleting waits until every open connection (this page's own,
  // kept open by idb-keyval) is closed, which may be only when the page unloads.
  await createStore(databaseName(userId), STORE)('readwrite', (s) => {
    s.clear();
    s.transaction.db.close();
    return promisifyRequest(s.transaction);
  });
  // Then delete it. Another tab of the user may keep it open, which delays the
  // deletion until that tab closes; the data is already gone, so do not wait for it.
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(databaseName(userId));
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
    setTimeout(resolve, 1000);
  });
}

/** Without IndexedDB (Node tests, some private modes): the same interface, kept in memory only. */
export function memoryStore(): LocalStore {
  let cursor: string | undefined;
  const rows = new Map<string, Todo>();
  const gone = new Map<string, number>();
  const outbox = new Map<string, OutboxEntry>();
  return {
    load: () => Promise.resolve({ cursor, rows: [...rows.values()], gone: [...gone], outbox: [...outbox.values()] }),
    loadOutboxIds: () => Promise.resolve(new Set(outbox.keys())),
    saveRows(saved, deleted) {
      for (const row of saved) {
        rows.set(row.id, row);
        gone.delete(row.id);
      }
      for (const [id, version] of deleted) {
        rows.delete(id);
        gone.set(id, version);
      }
      return Promise.resolve();
    },
    replaceRows(saved, nextCursor) {
      rows.clear();
      gone.clear();
      for (const row of saved) rows.set(row.id, row);
      cursor = nextCursor;
      return Promise.resolve();
    },
    saveCursor(nextCursor) {
      cursor = nextCursor;
      return Promise.resolve();
    },
    saveEntries(entries) {
      for (const entry of entries) outbox.set(entry.id, entry);
      return Promise.resolve();
    },
    deleteEntries(ids) {
      for (const id of ids) outbox.delete(id);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

export function reportStorageError(error: unknown): void {
  // Losing the local copy costs a full reload next time, nothing more: log, do not disturb the user.
  console.warn('Could not update the local copy of your todos', error);
}
