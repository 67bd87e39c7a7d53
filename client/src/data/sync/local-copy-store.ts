/**
 * Where one entity's local copy lives between page loads: an IndexedDB database with
 * one object store per concern, so that no write waits behind work of another kind
 * (issue 22). IndexedDB runs read-write transactions whose stores overlap one after
 * the other: when everything was one store, the outbox entry of a click queued behind
 * the one transaction that wrote 100,000 rows, and a reload cut both.
 *
 *   pages    first row's id → rows (a list page)  changes  id → a confirmed row, or null: deleted
 *   gone     id → { version, at } (tombstones)    outbox   entry id → a write not yet answered
 *   meta     'copy' → { complete, cursor, next }
 *
 * The confirmed rows are the pages with the changes laid over them (decision 081). Reading
 * 100,000 records of one row each took 2.6 s at open (Chromium, a busy machine), most of
 * the warm open; 40 records of 2,500 rows are read several times faster. A change is
 * still one small record (`changes`), never a page rewritten; once there are many, the
 * next open folds them into the pages, in one transaction that a reload can only cancel.
 *
 * - The outbox is written in its own small transactions, issued in the same task as the
 *   change is drawn when the database is already open (no await before the `put`), and
 *   committed at once (`IDBTransaction.commit()`).
 * - The copy of the list is written a page at a time, each page its own transaction,
 *   with the `copy` record saying where the download stands: `next` holds the list cursors
 *   to continue from, one per key range still to read, in list order (none once complete;
 *   a copy stored before ranges has one cursor or null), `cursor` where the change feed
 *   continues. A page closed half-way leaves a partial copy that the next open continues.
 * - A copy that cannot be read, or whose rows or record are malformed, counts as
 *   missing (the list is downloaded again); the outbox is read on its own, so it
 *   survives whatever happened to the copy.
 * - Version 1 (one store `data` with [kind, id] keys) is upgraded in place: its outbox
 *   entries move to `outbox`; rows, tombstones and cursor are dropped (one download).
 *   Version 2 (a `rows` store of one row per record) is upgraded in place: its rows
 *   become pages.
 *
 * Entity-agnostic: the entity's definition says how to read a row's key and which
 * stored values are rows (todos: local-store.ts).
 */

/** Where a download of the list stands: what the copy holds and where it continues. */
export interface CopyState {
  /** Where the change feed continues for this copy (taken before its first page was read). */
  cursor: string;
  /** The list cursors to continue the download from, one per key range left, in list order; none once complete. */
  next: string[];
  /** `next` is empty, stored for readers that only want to know (the benchmark, tests). */
  complete: boolean;
}

/** Where a download stands, as the sync hands it over. */
export interface DownloadState {
  cursor: string;
  next: readonly string[];
}

/** The stored `next`: a list of cursors, or (copies stored before key ranges) one cursor or null. */
type StoredNext = string[] | string | null;

const isStoredNext = (value: unknown): value is StoredNext =>
  value === null || typeof value === 'string' || (Array.isArray(value) && value.every((cursor) => typeof cursor === 'string'));

const nextCursors = (next: StoredNext): string[] => (next === null ? [] : typeof next === 'string' ? [next] : next);

const copyRecord = (state: DownloadState): CopyState => ({ cursor: state.cursor, next: [...state.next], complete: state.next.length === 0 });

export interface LocalSnapshot<Row, Entry> {
  /** Undefined when there is no usable copy (none yet, or unreadable): the list is downloaded. */
  copy: CopyState | undefined;
  rows: Row[];
  gone: [string, number][];
  outbox: Entry[];
}

export interface LocalCopyStore<Row, Entry extends { id: string }> {
  load(): Promise<LocalSnapshot<Row, Entry>>;
  /** Only the outbox's ids, read again under the outbox lock (another tab may have sent some). */
  loadOutboxIds(): Promise<Set<string>>;
  /** Rows and deletes the server confirmed (feed or answers). */
  saveRows(rows: readonly Row[], deleted: ReadonlyMap<string, number>): Promise<void>;
  /** Rows the person can no longer see (nothing was deleted): gone without tombstones. */
  forgetRows(ids: readonly string[]): Promise<void>;
  /** The first page of a download: every row and tombstone replaced by it. */
  startCopy(rows: readonly Row[], state: DownloadState): Promise<void>;
  /** A later page of a download (pages come in list order). */
  addToCopy(rows: readonly Row[], state: DownloadState): Promise<void>;
  /** Where the change feed continues (the copy's download state is kept). */
  saveCursor(cursor: string): Promise<void>;
  saveEntries(entries: readonly Entry[]): Promise<void>;
  deleteEntries(ids: readonly string[]): Promise<void>;
  /**
   * Writes the pages again with the changes folded in, and drops the changes (an open does
   * it by itself, a while after it, once there are FOLD_CHANGES_AT changes).
   */
  foldChanges(): Promise<void>;
  /** Lets go of the database (sign-out deletes it, which waits for open connections). */
  close(): void;
}

export interface EntityDefinition<Row> {
  /** The database's name (one per user and entity set). */
  name: string;
  key: (row: Row) => string;
  /** A stored value that is a usable row (a cheap check: it runs on every row at open). */
  isRow: (value: unknown) => value is Row;
}

export const DATABASE_VERSION = 3;
const PAGES = 'pages';
const CHANGES = 'changes';
/** Version 2's store of one row per record. */
const LEGACY_ROWS = 'rows';
const GONE = 'gone';
const OUTBOX = 'outbox';
const META = 'meta';
const COPY = 'copy';
/** The single store of version 1, and its outbox keys ['outbox', id]. */
const LEGACY_STORE = 'data';
const legacyOutboxRange = () => IDBKeyRange.bound(['outbox'], ['outbox', []]);

/** Rows per stored page (what a list page holds, and what the pages are cut into when changes are folded in). */
export const PAGE_ROWS = 2500;
/** Changes kept beside the pages before an open folds them in (a few ms each to read at open). */
export const FOLD_CHANGES_AT = 2000;
/** How long after an open the changes are folded in (after the list is shown and filled). */
const FOLD_DELAY_MS = 10_000;

/** Tombstones only guard against late copies of older changes (seconds): a day is plenty. */
export const TOMBSTONE_KEEP_MS = 24 * 60 * 60 * 1000;

interface StoredTombstone {
  version: number;
  at: number;
}

/** The stored `copy` record, of any version. */
interface StoredCopyState {
  cursor: string;
  next: StoredNext;
}

const isCopyState = (value: unknown): value is StoredCopyState =>
  typeof value === 'object' && value !== null && typeof (value as StoredCopyState).cursor === 'string' && isStoredNext((value as StoredCopyState).next);

const isTombstone = (value: unknown): value is StoredTombstone =>
  typeof value === 'object' && value !== null && typeof (value as StoredTombstone).version === 'number' && typeof (value as StoredTombstone).at === 'number';

/** `rows` (in order) cut into pages of PAGE_ROWS, each stored under its first row's key. */
function putPages<Row>(pages: IDBObjectStore, rows: readonly Row[], key: (row: Row) => string): void {
  for (let start = 0; start < rows.length; start += PAGE_ROWS) {
    const page = rows.slice(start, start + PAGE_ROWS);
    pages.put(page, key(page[0] as Row));
  }
}

/** A stored row's key, for the upgrade from version 2 (which knows no entity: rows carry `id`). */
const legacyKey = (row: unknown) => String((row as { id?: unknown }).id);

/**
 * Creates the stores of this version; from version 1, moves the outbox entries over and
 * drops the rest; from version 2, turns the rows into pages.
 */
function upgrade(db: IDBDatabase, transaction: IDBTransaction): void {
  for (const name of [PAGES, CHANGES, GONE, OUTBOX, META]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
  if (db.objectStoreNames.contains(LEGACY_ROWS)) {
    const read = transaction.objectStore(LEGACY_ROWS).getAll();
    read.onsuccess = () => {
      putPages(transaction.objectStore(PAGES), read.result, legacyKey);
      db.deleteObjectStore(LEGACY_ROWS);
    };
  }
  if (!db.objectStoreNames.contains(LEGACY_STORE)) return;
  const outbox = transaction.objectStore(OUTBOX);
  const read = transaction.objectStore(LEGACY_STORE).openCursor(legacyOutboxRange());
  read.onsuccess = () => {
    const cursor = read.result;
    if (cursor) {
      outbox.put(cursor.value, (cursor.key as [string, string])[1]);
      cursor.continue();
    } else db.deleteObjectStore(LEGACY_STORE);
  };
}

/**
 * Opens (creating or upgrading) the database; `onClosed` runs if another page asks to delete
 * or upgrade it. Rejects when the open is blocked (a tab of an older version of the app keeps
 * the database open and will not let go): the page then works from the network, and the
 * connection, if it opens later, is closed at once (the next operation opens it again).
 */
export function openCopyDatabase(name: string, onClosed: () => void = () => undefined): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = indexedDB.open(name, DATABASE_VERSION);
    request.onupgradeneeded = () => upgrade(request.result, request.transaction as IDBTransaction);
    request.onblocked = () => {
      blocked = true;
      reject(new Error(`${name} is kept open by another tab`));
    };
    request.onsuccess = () => {
      const db = request.result;
      if (blocked) {
        db.close();
        return;
      }
      // Let a sign-out or account switch in another tab delete it (this tab opens it again if needed).
      db.onversionchange = () => {
        db.close();
        onClosed();
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error(`Could not open ${name}`));
  });
}

/** A request's result, readable once its transaction has completed. */
function resultOf<T>(request: IDBRequest<T>): { readonly value: T | undefined } {
  const holder: { value: T | undefined } = { value: undefined };
  request.onsuccess = () => (holder.value = request.result);
  return holder;
}

/**
 * Runs `work` in a transaction of `db` and resolves when it is committed. A write
 * transaction is committed as soon as its requests are issued (`commitAtOnce`), not at
 * the end of the task; one that issues requests from a callback must not be.
 */
function inTransaction<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  work: (transaction: IDBTransaction) => T,
  { commitAtOnce = mode === 'readwrite' } = {},
): Promise<T> {
  // Outside the promise: a closed connection throws here, and the caller opens it again.
  const transaction = db.transaction(stores, mode);
  return new Promise<T>((resolve, reject) => {
    const result = work(transaction);
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    if (commitAtOnce) transaction.commit();
  });
}

export function indexedDbCopyStore<Row, Entry extends { id: string }>({ name, key, isRow }: EntityDefinition<Row>): LocalCopyStore<Row, Entry> {
  let db: IDBDatabase | undefined;
  let opening: Promise<IDBDatabase> | undefined;
  let closed = false;
  const connection = (): Promise<IDBDatabase> =>
    (opening ??= openCopyDatabase(name, () => {
      db = undefined;
      opening = undefined;
    }).then(
      (opened) => {
        if (closed) opened.close();
        else db = opened;
        return opened;
      },
      (error: unknown) => {
        // Tried again by the next operation.
        opening = undefined;
        throw error;
      },
    ));

  /**
   * Once the database is open, the transaction is created in the caller's task: an outbox
   * entry is on its way to disk before the browser paints the change that made it.
   */
  function run<T>(stores: string[], mode: IDBTransactionMode, work: (transaction: IDBTransaction) => T, options?: { commitAtOnce: boolean }): Promise<T> {
    if (db) {
      try {
        return inTransaction(db, stores, mode, work, options);
      } catch (error) {
        // Closed under us (another tab deleted or upgraded it): open it again.
        db = undefined;
        opening = undefined;
        const closedUnderUs = error instanceof DOMException && error.name === 'InvalidStateError';
        if (!closedUnderUs) return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return connection().then((opened) => inTransaction(opened, stores, mode, work, options));
  }

  /**
   * The confirmed rows: the pages with the changes laid over them; undefined when a page or
   * change is malformed (then the copy cannot be trusted).
   */
  function composeRows(pages: unknown[], changeKeys: IDBValidKey[], changeValues: unknown[]): Row[] | undefined {
    // The changes are few (folded in once there are many): one lookup per paged row.
    const changes = new Map<string, Row | null>();
    for (const [index, changeKey] of changeKeys.entries()) {
      const value = changeValues[index];
      if (value !== null && !isRow(value)) return undefined;
      changes.set(changeKey as string, value);
    }
    const rows: Row[] = [];
    const placed = new Set<string>();
    for (const page of pages) {
      if (!Array.isArray(page)) return undefined;
      for (const value of page as unknown[]) {
        if (!isRow(value)) return undefined;
        const id = key(value);
        if (changes.size === 0 || !changes.has(id)) rows.push(value);
        else {
          const changed = changes.get(id);
          placed.add(id);
          if (changed) rows.push(changed);
        }
      }
    }
    // Rows the pages do not hold (made after the download).
    for (const [id, changed] of changes) if (changed && !placed.has(id)) rows.push(changed);
    return rows;
  }

  /**
   * Folds the changes into the pages, in one transaction: the pages are written again from
   * the rows they make together, and the changes go. A reload cancels it whole (nothing is
   * lost: the changes are still there), and a change written meanwhile waits for it.
   */
  function foldChanges(): Promise<void> {
    return run(
      [PAGES, CHANGES],
      'readwrite',
      (transaction) => {
        const pages = transaction.objectStore(PAGES);
        const changes = transaction.objectStore(CHANGES);
        const readPages = pages.getAll();
        const changeKeys = changes.getAllKeys();
        const changeValues = changes.getAll();
        changeValues.onsuccess = () => {
          const rows = composeRows(readPages.result, changeKeys.result, changeValues.result);
          if (!rows) return;
          rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
          pages.clear();
          changes.clear();
          putPages(pages, rows, key);
          transaction.commit();
        };
      },
      { commitAtOnce: false },
    );
  }

  async function readCopy(): Promise<Pick<LocalSnapshot<Row, Entry>, 'copy' | 'rows' | 'gone'> & { expired: string[]; changes: number }> {
    const read = await run([PAGES, CHANGES, GONE, META], 'readonly', (transaction) => ({
      copy: resultOf(transaction.objectStore(META).get(COPY) as IDBRequest<unknown>),
      pages: resultOf(transaction.objectStore(PAGES).getAll() as IDBRequest<unknown[]>),
      changeKeys: resultOf(transaction.objectStore(CHANGES).getAllKeys()),
      changeValues: resultOf(transaction.objectStore(CHANGES).getAll() as IDBRequest<unknown[]>),
      goneKeys: resultOf(transaction.objectStore(GONE).getAllKeys()),
      goneValues: resultOf(transaction.objectStore(GONE).getAll() as IDBRequest<unknown[]>),
    }));
    const copy = read.copy.value;
    const changeKeys = read.changeKeys.value ?? [];
    const rows = composeRows(read.pages.value ?? [], changeKeys, read.changeValues.value ?? []);
    const goneKeys = read.goneKeys.value ?? [];
    const goneValues = read.goneValues.value ?? [];
    // A malformed record or row: the copy cannot be trusted, so there is none (downloaded again).
    if (!isCopyState(copy) || !rows) return { copy: undefined, rows: [], gone: [], expired: [], changes: 0 };
    const now = Date.now();
    const gone: [string, number][] = [];
    const expired: string[] = [];
    goneKeys.forEach((storedKey, index) => {
      const value = goneValues[index];
      if (isTombstone(value) && now - value.at < TOMBSTONE_KEEP_MS) gone.push([storedKey as string, value.version]);
      else expired.push(storedKey as string);
    });
    return { copy: copyRecord({ cursor: copy.cursor, next: nextCursors(copy.next) }), rows, gone, expired, changes: changeKeys.length };
  }

  const readOutbox = () =>
    run([OUTBOX], 'readonly', (transaction) => resultOf(transaction.objectStore(OUTBOX).getAll() as IDBRequest<Entry[]>)).then((read) => read.value ?? []);

  return {
    async load() {
      const [copy, outbox] = await Promise.all([
        readCopy().catch((error: unknown) => {
          // Closed under the read (the user signed out meanwhile): expected, nobody waits for it.
          if (!closed) reportStorageError(error);
          return { copy: undefined, rows: [], gone: [], expired: [], changes: 0 };
        }),
        readOutbox(),
      ]);
      // After the open, when the page has shown the list: the next open reads fewer records.
      if (copy.changes >= FOLD_CHANGES_AT) {
        setTimeout(() => {
          if (!closed) foldChanges().catch(reportStorageError);
        }, FOLD_DELAY_MS);
      }
      if (copy.expired.length > 0) {
        void run([GONE], 'readwrite', (transaction) => {
          for (const id of copy.expired) transaction.objectStore(GONE).delete(id);
        }).catch(reportStorageError);
      }
      return { copy: copy.copy, rows: copy.rows, gone: copy.gone, outbox };
    },
    async loadOutboxIds() {
      const keys = await run([OUTBOX], 'readonly', (transaction) => resultOf(transaction.objectStore(OUTBOX).getAllKeys()));
      return new Set((keys.value ?? []).map(String));
    },
    saveRows(rows, deleted) {
      const at = Date.now();
      return run([CHANGES, GONE], 'readwrite', (transaction) => {
        const changeStore = transaction.objectStore(CHANGES);
        const goneStore = transaction.objectStore(GONE);
        for (const row of rows) {
          changeStore.put(row, key(row));
          // A row stored after its delete was made anew (Undo): the tombstone no longer applies,
          // and kept it would hide the row's next changes (versions up to its number) after a reload.
          goneStore.delete(key(row));
        }
        for (const [id, version] of deleted) {
          changeStore.put(null, id);
          goneStore.put({ version, at } satisfies StoredTombstone, id);
        }
      });
    },
    forgetRows(ids) {
      return run([CHANGES], 'readwrite', (transaction) => {
        const changeStore = transaction.objectStore(CHANGES);
        for (const id of ids) changeStore.put(null, id);
      });
    },
    startCopy(rows, state) {
      return run([PAGES, CHANGES, GONE, META], 'readwrite', (transaction) => {
        for (const store of [PAGES, CHANGES, GONE]) transaction.objectStore(store).clear();
        putPages(transaction.objectStore(PAGES), rows, key);
        transaction.objectStore(META).put(copyRecord(state), COPY);
      });
    },
    addToCopy(rows, state) {
      return run([PAGES, META], 'readwrite', (transaction) => {
        putPages(transaction.objectStore(PAGES), rows, key);
        transaction.objectStore(META).put(copyRecord(state), COPY);
      });
    },
    saveCursor(cursor) {
      return run(
        [META],
        'readwrite',
        (transaction) => {
          const meta = transaction.objectStore(META);
          const read = meta.get(COPY);
          read.onsuccess = () => {
            if (isCopyState(read.result)) meta.put(copyRecord({ cursor, next: nextCursors(read.result.next) }), COPY);
          };
        },
        // The put is issued from the read's callback: the transaction must stay open for it.
        { commitAtOnce: false },
      );
    },
    saveEntries(entries) {
      return run([OUTBOX], 'readwrite', (transaction) => {
        const outbox = transaction.objectStore(OUTBOX);
        for (const entry of entries) outbox.put(entry, entry.id);
      });
    },
    deleteEntries(ids) {
      return run([OUTBOX], 'readwrite', (transaction) => {
        const outbox = transaction.objectStore(OUTBOX);
        for (const id of ids) outbox.delete(id);
      });
    },
    foldChanges,
    close() {
      closed = true;
      db?.close();
      db = undefined;
    },
  };
}

/** Without IndexedDB (Node tests, "shared computer"): the same interface, kept in memory only. */
export function memoryCopyStore<Row, Entry extends { id: string }>(key: (row: Row) => string): LocalCopyStore<Row, Entry> {
  let copy: CopyState | undefined;
  const rows = new Map<string, Row>();
  const gone = new Map<string, number>();
  const outbox = new Map<string, Entry>();
  return {
    load: () =>
      Promise.resolve({
        copy,
        rows: copy ? [...rows.values()] : [],
        gone: copy ? [...gone] : [],
        outbox: [...outbox.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
      }),
    loadOutboxIds: () => Promise.resolve(new Set(outbox.keys())),
    saveRows(saved, deleted) {
      for (const row of saved) {
        rows.set(key(row), row);
        gone.delete(key(row));
      }
      for (const [id, version] of deleted) {
        rows.delete(id);
        gone.set(id, version);
      }
      return Promise.resolve();
    },
    forgetRows(ids) {
      for (const id of ids) rows.delete(id);
      return Promise.resolve();
    },
    startCopy(saved, state) {
      rows.clear();
      gone.clear();
      for (const row of saved) rows.set(key(row), row);
      copy = copyRecord(state);
      return Promise.resolve();
    },
    addToCopy(saved, state) {
      for (const row of saved) rows.set(key(row), row);
      copy = copyRecord(state);
      return Promise.resolve();
    },
    saveCursor(cursor) {
      if (copy) copy = copyRecord({ cursor, next: copy.next });
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
    foldChanges: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** The names of this browser profile's databases that start with `prefix` (empty where the browser cannot list them). */
export async function copyDatabaseNames(prefix: string): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const databases = await indexedDB.databases();
  return databases.flatMap(({ name }) => (name?.startsWith(prefix) ? [name] : []));
}

/**
 * Deletes the copy of the list (rows, tombstones, download state) and keeps the outbox;
 * without any entry the database goes too. Returns how many entries are kept.
 */
export async function forgetCopyKeepOutbox(name: string): Promise<number> {
  if (typeof indexedDB === 'undefined') return 0;
  const db = await openCopyDatabase(name);
  let kept: number;
  try {
    const count = await inTransaction(db, [PAGES, CHANGES, GONE, META, OUTBOX], 'readwrite', (transaction) => {
      for (const store of [PAGES, CHANGES, GONE, META]) transaction.objectStore(store).clear();
      return resultOf(transaction.objectStore(OUTBOX).count());
    });
    kept = count.value ?? 0;
  } finally {
    db.close();
  }
  if (kept === 0) await deleteCopyDatabase(name);
  return kept;
}

/** Deletes the database, outbox and all. */
export async function deleteCopyDatabase(name: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  // Empty it first: deleting waits until every open connection is closed, and a page of an
  // older version of the app may keep its connection until it unloads.
  const db = await openCopyDatabase(name);
  try {
    await inTransaction(db, [PAGES, CHANGES, GONE, META, OUTBOX], 'readwrite', (transaction) => {
      for (const store of [PAGES, CHANGES, GONE, META, OUTBOX]) transaction.objectStore(store).clear();
    });
  } finally {
    db.close();
  }
  // Then delete it. Another tab may keep it open, which delays the deletion until that tab
  // closes; the data is already gone, so do not wait for it.
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
    setTimeout(resolve, 1000);
  });
}

export function reportStorageError(error: unknown): void {
  // Losing the local copy costs a download next time, nothing more: log, do not disturb the user.
  console.warn('Could not update the local copy', error);
}
