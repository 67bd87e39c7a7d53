/**
 * The todos' IndexedDB copy (fake-indexeddb here; real IndexedDB in the browser tests):
 * each change writes only its keys, a new download replaces everything, the outbox
 * comes back in order, sign-out deletes it all, 10,000 rows open, and a row made
 * again after its delete loses its tombstone. The layout, its upgrade and recovery are
 * in sync/local-copy-store.test.ts.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultListId } from '../../../shared/list-id';
import type { Todo } from '../../../shared/todo';
import { deleteLocalData, indexedDbStore, memoryStore } from './local-store';
import type { TodoOutboxEntry } from './todo-sync';
import { TEST_LIST_ID } from '../testing/test-list';

const todo = (id: string, version = 1): Todo => ({ id, listId: TEST_LIST_ID, name: `todo ${id}`, status: 'pending', createdAt: 't', updatedAt: 't', version });
let users = 0;
const newUser = () => `user-${++users}`;

describe('IndexedDB store', () => {
  it("gives a row stored before todos carried their list the user's default list, and refuses a copy with a wrong one", async () => {
    const user = newUser();
    // As an earlier version stored them: no listId.
    const before: Partial<Todo> = todo('a');
    delete before.listId;
    await indexedDbStore(user).startCopy([before as Todo, todo('b')], { cursor: 'c1', next: [] });
    const loaded = await indexedDbStore(user).load();
    expect(loaded.rows.map((row) => [row.id, row.listId])).toEqual([
      ['a', defaultListId(user)],
      ['b', TEST_LIST_ID],
    ]);

    const other = newUser();
    await indexedDbStore(other).startCopy([{ ...todo('a'), listId: 7 } as unknown as Todo], { cursor: 'c1', next: [] });
    expect((await indexedDbStore(other).load()).copy).toBeUndefined();
  });

  it('has no copy before the first download, then keeps rows, tombstones, cursor and outbox', async () => {
    const user = newUser();
    const store = indexedDbStore(user);
    expect(await store.load()).toEqual({ copy: undefined, rows: [], gone: [], outbox: [] });
    await store.startCopy([todo('a'), todo('b')], { cursor: 'c1', next: [] });
    await store.saveRows([todo('a', 2), todo('c')], new Map([['b', 2]]));
    await store.saveCursor('c2');
    const entries: TodoOutboxEntry[] = [
      { id: '0192-b', kind: 'delete', action: 'delete', ids: ['a'] },
      { id: '0192-a', kind: 'update', action: 'x', items: [{ id: 'a', changes: { name: 'A' }, expectedVersion: 2 }] },
    ];
    await store.saveEntries(entries);
    await store.deleteEntries(['0192-b']);
    const again = await indexedDbStore(user).load();
    expect(again.copy).toEqual({ cursor: 'c2', next: [], complete: true });
    expect(again.rows.map((row) => `${row.id}${row.version}`).sort()).toEqual(['a2', 'c1']);
    expect(again.gone).toEqual([['b', 2]]);
    expect(again.outbox.map((entry) => entry.id)).toEqual(['0192-a']);
    expect(await store.loadOutboxIds()).toEqual(new Set(['0192-a']));
    // A full reload replaces rows and forgets tombstones, and keeps the outbox.
    await store.startCopy([todo('z')], { cursor: 'c3', next: [] });
    const replaced = await store.load();
    expect(replaced).toMatchObject({ copy: { cursor: 'c3' }, gone: [], rows: [todo('z')] });
    expect(replaced.outbox).toHaveLength(1);
  });

  it('keeps users apart, and sign-out deletes only that user', async () => {
    const [ann, bob] = [newUser(), newUser()];
    const annStore = indexedDbStore(ann);
    await annStore.startCopy([todo('a')], { cursor: 'c', next: [] });
    await indexedDbStore(bob).startCopy([todo('b')], { cursor: 'c', next: [] });
    annStore.close();
    await deleteLocalData(ann);
    expect(await indexedDbStore(ann).load()).toEqual({ copy: undefined, rows: [], gone: [], outbox: [] });
    expect((await indexedDbStore(bob).load()).rows).toEqual([todo('b')]);
  });

  it('opens 10,000 rows, and a toggle rewrites only its row (the figures are in the bench, not here)', async () => {
    const user = newUser();
    const store = indexedDbStore(user);
    const rows = Array.from({ length: 10_000 }, (_, i) => todo(`id-${String(i).padStart(5, '0')}`));
    await store.startCopy(rows, { cursor: 'c', next: [] });
    expect((await indexedDbStore(user).load()).rows).toHaveLength(10_000);
    await store.saveRows([{ ...todo('id-00042', 2), status: 'completed' }], new Map());
    const after = await store.load();
    expect(after.rows.filter((row) => row.status === 'completed').map((row) => row.id)).toEqual(['id-00042']);
    expect(after.rows).toHaveLength(10_000);
  });
});

describe.each([
  ['IndexedDB', () => indexedDbStore(newUser())],
  ['in memory', memoryStore],
])('%s store: tombstones', (_name, makeStore) => {
  it('forgets the tombstone of a row stored again after its delete (Undo): its later versions must count', async () => {
    const store = makeStore();
    await store.startCopy([todo('a', 3), todo('b')], { cursor: 'c', next: [] });
    await store.saveRows([], new Map([['a', 4], ['b', 2]]));
    await store.saveRows([todo('a', 1)], new Map());
    const { rows, gone } = await store.load();
    expect(rows.map((row) => `${row.id}${row.version}`)).toEqual(['a1']);
    expect(gone).toEqual([['b', 2]]);
  });
});
