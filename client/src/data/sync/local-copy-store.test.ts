/**
 * The local copy's IndexedDB layout (fake-indexeddb, which runs transactions whose
 * stores overlap one after the other, as browsers do): one store per concern, so an
 * outbox entry never waits behind the list; the outbox `put` issued in the caller's
 * task; the list stored a page at a time with where the download stands; the upgrade
 * from the one-store layout keeps the outbox; a copy that is malformed or cannot be
 * read counts as missing and never costs the outbox.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_VERSION, indexedDbCopyStore, PAGE_ROWS, type LocalCopyStore } from './local-copy-store';

interface Row {
  id: string;
  version: number;
}
interface Entry {
  id: string;
  what: string;
}

const row = (id: string, version = 1): Row => ({ id, version });
const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && typeof (value as Row).id === 'string';
let databases = 0;
const newName = () => `copy-test-${++databases}`;
const open = (name: string): LocalCopyStore<Row, Entry> => indexedDbCopyStore<Row, Entry>({ name, key: (r) => r.id, isRow });

function rawDatabase(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

function rawPut(db: IDBDatabase, store: string, value: unknown, key: IDBValidKey): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, 'readwrite');
    transaction.objectStore(store).put(value, key);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('put failed'));
  });
}

afterEach(() => vi.restoreAllMocks());

describe('local copy store: layout', () => {
  it('keeps rows, tombstones, outbox and the download state in stores of their own', async () => {
    const name = newName();
    const store = open(name);
    await store.load();
    store.close();
    const db = await rawDatabase(name);
    expect(db.version).toBe(DATABASE_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['changes', 'gone', 'meta', 'outbox', 'pages']);
    db.close();
  });

  it('writes an outbox entry without waiting for a large copy write that started before it', async () => {
    const store = open(newName());
    await store.load();
    const finished: string[] = [];
    const bigPage = Array.from({ length: 20_000 }, (_, i) => row(`r${String(i).padStart(5, '0')}`));
    const copy = store.startCopy(bigPage, { cursor: 'c', next: ['p1'] }).then(() => finished.push('copy'));
    const entry = store.saveEntries([{ id: 'e1', what: 'add' }]).then(() => finished.push('outbox'));
    await Promise.all([copy, entry]);
    expect(finished).toEqual(['outbox', 'copy']);
  });

  it('issues the outbox put in the caller’s task once the database is open (no await before it)', async () => {
    const store = open(newName());
    await store.load();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const saved = store.saveEntries([{ id: 'e1', what: 'add' }]);
    expect(put).toHaveBeenCalledTimes(1);
    await saved;
    expect([...(await store.loadOutboxIds())]).toEqual(['e1']);
  });
});

describe('local copy store: the list, a page at a time', () => {
  it('stores each page with where the download continues, and says when the copy is complete', async () => {
    const name = newName();
    const store = open(name);
    await store.startCopy([row('a'), row('b')], { cursor: 'feed-0', next: ['page-1'] });
    expect(await open(name).load()).toMatchObject({ copy: { cursor: 'feed-0', next: ['page-1'], complete: false }, rows: [row('a'), row('b')] });
    await store.addToCopy([row('c')], { cursor: 'feed-0', next: [] });
    const complete = await open(name).load();
    expect(complete.copy).toEqual({ cursor: 'feed-0', next: [], complete: true });
    expect(complete.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    // The feed's cursor moves on; the download state stays.
    await store.saveCursor('feed-1');
    expect((await open(name).load()).copy).toEqual({ cursor: 'feed-1', next: [], complete: true });
    // A new download starts over: rows and tombstones replaced by its first page.
    await store.saveRows([], new Map([['a', 2]]));
    await store.startCopy([row('z')], { cursor: 'feed-2', next: ['page-1'] });
    expect(await open(name).load()).toMatchObject({ copy: { complete: false }, rows: [row('z')], gone: [] });
  });
});

describe('local copy store: where a download continues', () => {
  it('keeps one cursor per key range left, in order (decision 101)', async () => {
    const name = newName();
    await open(name).startCopy([row('a')], { cursor: 'feed-0', next: ['range-0-page-2', 'range-1', 'range-2'] });
    expect((await open(name).load()).copy).toEqual({ cursor: 'feed-0', next: ['range-0-page-2', 'range-1', 'range-2'], complete: false });
  });

  it('reads the one cursor of a copy stored before key ranges, and a malformed one as no copy', async () => {
    const name = newName();
    const store = open(name);
    await store.startCopy([row('a')], { cursor: 'feed-0', next: [] });
    store.close();
    const db = await rawDatabase(name);
    await rawPut(db, 'meta', { cursor: 'feed-0', next: 'page-3', complete: false }, 'copy');
    expect((await open(name).load()).copy).toEqual({ cursor: 'feed-0', next: ['page-3'], complete: false });
    await rawPut(db, 'meta', { cursor: 'feed-0', next: ['page-3', 4], complete: false }, 'copy');
    db.close();
    expect(await open(name).load()).toMatchObject({ copy: undefined, rows: [] });
  });
});

describe('local copy store: changes over the pages', () => {
  const storedRecords = async (name: string) => {
    const db = await rawDatabase(name);
    const read = (store: string) =>
      new Promise<number>((resolve) => {
        const count = db.transaction(store).objectStore(store).count();
        count.onsuccess = () => resolve(count.result);
      });
    const counts = { pages: await read('pages'), changes: await read('changes') };
    db.close();
    return counts;
  };

  it('keeps each confirmed change as one record laid over the pages, and folds them into the pages in one go', async () => {
    const name = newName();
    const store = open(name);
    const rows = Array.from({ length: PAGE_ROWS + 2 }, (_, i) => row(`r${String(i).padStart(5, '0')}`));
    await store.startCopy(rows.slice(0, PAGE_ROWS), { cursor: 'c', next: ['p1'] });
    await store.addToCopy(rows.slice(PAGE_ROWS), { cursor: 'c', next: [] });
    await store.saveRows([row('r00001', 2), row('s-new')], new Map([['r00000', 2]]));
    const expected = [row('r00001', 2), ...rows.slice(2), row('s-new')];
    expect((await open(name).load()).rows).toEqual(expected);
    expect(await storedRecords(name)).toEqual({ pages: 2, changes: 3 });

    await store.foldChanges();
    expect(await storedRecords(name)).toEqual({ pages: 2, changes: 0 });
    expect((await open(name).load()).rows).toEqual(expected);
  });
});

describe('local copy store: upgrade and recovery', () => {
  it('upgrades the one-store layout (version 1): outbox entries kept in order, the rest dropped', async () => {
    const name = newName();
    // As idb-keyval made it: store `data`, keys [kind, id] and 'cursor'.
    const old = await rawDatabase(name, 1, (db) => db.createObjectStore('data'));
    await rawPut(old, 'data', row('a'), ['row', 'a']);
    await rawPut(old, 'data', 'c0', 'cursor');
    await rawPut(old, 'data', { id: '0192-b', what: 'second' }, ['outbox', '0192-b']);
    await rawPut(old, 'data', { id: '0192-a', what: 'first' }, ['outbox', '0192-a']);
    old.close();
    const snapshot = await open(name).load();
    expect(snapshot.outbox).toEqual([
      { id: '0192-a', what: 'first' },
      { id: '0192-b', what: 'second' },
    ]);
    expect(snapshot.copy).toBeUndefined();
    expect(snapshot.rows).toEqual([]);
    const db = await rawDatabase(name);
    expect(db.objectStoreNames.contains('data')).toBe(false);
    db.close();
  });

  it('upgrades the row-per-record layout (version 2): the rows become pages, tombstones, state and outbox stay', async () => {
    const name = newName();
    const old = await rawDatabase(name, 2, (db) => {
      for (const store of ['rows', 'gone', 'outbox', 'meta']) db.createObjectStore(store);
    });
    const rows = Array.from({ length: PAGE_ROWS + 1 }, (_, i) => row(`r${String(i).padStart(5, '0')}`));
    for (const stored of rows) await rawPut(old, 'rows', stored, stored.id);
    await rawPut(old, 'gone', { version: 3, at: Date.now() }, 'deleted');
    await rawPut(old, 'meta', { cursor: 'c0', next: null, complete: true }, 'copy');
    await rawPut(old, 'outbox', { id: 'e1', what: 'add' }, 'e1');
    old.close();
    const snapshot = await open(name).load();
    expect(snapshot).toEqual({ copy: { cursor: 'c0', next: [], complete: true }, rows, gone: [['deleted', 3]], outbox: [{ id: 'e1', what: 'add' }] });
    const db = await rawDatabase(name);
    expect(db.objectStoreNames.contains('rows')).toBe(false);
    const pages = await new Promise<unknown[]>((resolve) => {
      const read = db.transaction('pages').objectStore('pages').getAll();
      read.onsuccess = () => resolve(read.result);
    });
    expect(pages.map((page) => (page as Row[]).length)).toEqual([PAGE_ROWS, 1]);
    db.close();
  });

  it.each([
    ['a malformed row', (db: IDBDatabase) => rawPut(db, 'pages', ['not a row'], 'x')],
    ['a malformed page', (db: IDBDatabase) => rawPut(db, 'pages', 'not a page', 'x')],
    ['a malformed change', (db: IDBDatabase) => rawPut(db, 'changes', 'not a row', 'x')],
    ['a malformed download state', (db: IDBDatabase) => rawPut(db, 'meta', { cursor: 42 }, 'copy')],
  ])('treats a copy with %s as missing, and keeps the outbox', async (_what, corrupt) => {
    const name = newName();
    const store = open(name);
    await store.startCopy([row('a')], { cursor: 'c', next: [] });
    await store.saveEntries([{ id: 'e1', what: 'add' }]);
    store.close();
    const db = await rawDatabase(name);
    await corrupt(db);
    db.close();
    const snapshot = await open(name).load();
    expect(snapshot.copy).toBeUndefined();
    expect(snapshot.rows).toEqual([]);
    expect(snapshot.outbox).toEqual([{ id: 'e1', what: 'add' }]);
  });

  it('treats a copy that cannot be read as missing, and still reads the outbox', async () => {
    const name = newName();
    const store = open(name);
    await store.startCopy([row('a')], { cursor: 'c', next: [] });
    await store.saveEntries([{ id: 'e1', what: 'add' }]);
    store.close();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the store as `this`
    const getAll = IDBObjectStore.prototype.getAll;
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'pages') throw new DOMException('unreadable', 'DataError');
      return getAll.apply(this, args);
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const snapshot = await open(name).load();
    expect(snapshot.copy).toBeUndefined();
    expect(snapshot.outbox).toEqual([{ id: 'e1', what: 'add' }]);
  });
});
