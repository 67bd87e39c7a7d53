/**
 * The status line never says "All changes saved" while a change is neither in the
 * outbox on disk nor acknowledged by the server (issue 22): from the call that draws
 * the change (the collection's handler calls `enqueue` in the same task) until the
 * server's answer, whatever IndexedDB is doing.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness, offline, takeWastedWrites, todo, update } from '../testing/todo-sync-harness';
import { indexedDbStore, type LocalStore } from './local-store';
import { describeSyncStatus, syncStatus } from './sync-status';

let users = 0;
const status = () => describeSyncStatus(syncStatus.get());

afterEach(() => {
  takeWastedWrites();
  vi.restoreAllMocks();
});

describe('the status line', () => {
  it('is not "All changes saved" from the change until the server answered, even while the disk write is slow', async () => {
    const disk = indexedDbStore(`honesty-${++users}`);
    let release: () => void = () => undefined;
    const slowDisk: LocalStore = { ...disk, saveEntries: (entries) => new Promise<void>((resolve) => (release = resolve)).then(() => disk.saveEntries(entries)) };
    let answer: () => void = () => undefined;
    const h = harness({ pages: [[todo('a')]], localStore: slowDisk });
    h.answers.push(async (input: { items: { id: string; changes: { name: string } }[] }) => {
      await new Promise<void>((resolve) => (answer = resolve));
      return input.items.map((item) => ({ ...todo(item.id, 2), ...item.changes }));
    });
    const sync = h.make();
    await sync.load();
    h.ready();
    sync.start();
    expect(status()).toBe('All changes saved');
    const settled = sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'new' }, expectedVersion: 1 }]));
    // In the same task as the change: counted before anything was stored or sent.
    expect(status()).toBe('Syncing…');
    release();
    await vi.waitFor(() => expect(h.calls).toContain('update'));
    expect(status()).toBe('Syncing…');
    answer();
    expect(await settled).toBe('stored');
    expect(status()).toBe('All changes saved');
    sync.stop();
  });

  it('says a change waits while the server cannot be reached, once it is on disk', async () => {
    const store = indexedDbStore(`honesty-${++users}`);
    const h = harness({ pages: [[todo('a')]], localStore: store });
    h.answers.push(() => {
      throw offline();
    });
    const sync = h.make();
    await sync.load();
    h.ready();
    sync.start();
    expect(await sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'new' }, expectedVersion: 1 }]))).toBe('waiting');
    expect(status()).toBe('Offline — 1 change waiting');
    expect((await store.load()).outbox.map((entry) => entry.id)).toEqual(['e1']);
    sync.stop();
  });
});
