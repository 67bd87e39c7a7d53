/**
 * The sync against a scripted server, one outcome at a time, checking three things
 * after each: what the collection shows, what the local copy (the store) holds for
 * the next page load, and what the user is told (status line, banner). The real API
 * is exercised by todos-collection.test.ts and the browser tests; here every answer
 * (a refusal, a conflict, a partial write, an outage) can be chosen exactly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Todo, TodoChange } from '../../../shared/todo';
import { harness, inFakeTime, offline, serverError, takeWastedWrites, todo, update } from '../testing/todo-sync-harness';
import { savingRows } from './save-status';
import { syncStatus } from './sync-status';
import { INGEST_CHUNK, quoted } from './todo-sync';
import { writeErrors } from './write-errors';
import { TEST_LIST_ID } from '../testing/test-list';

afterEach(() => {
  vi.useRealTimers();
  writeErrors.dismiss();
  syncStatus.reset();
  // Whatever the answer, the sync writes only what changed (into the collection and the store).
  expect(takeWastedWrites()).toEqual([]);
});

describe('todo sync: loading', () => {
  it('shows the first page at once, the other pages after it, and stores each page as it arrives', async () => {
    const pages = [
      [todo('a'), todo('b')],
      [todo('c')],
      [todo('d')],
    ];
    const h = harness({ pages });
    const sync = h.make();
    expect((await sync.load()).map((row) => row.id)).toEqual(['a', 'b']);
    expect(h.calls).toEqual(['list first']);
    // No poll while the pages load: it would share their HTTP batch.
    expect(await sync.pollOnce()).toBe(false);
    // Stored at once, with where the download continues: not complete yet.
    expect((await h.stored()).copy).toEqual({ cursor: 'c0', next: ['1'], complete: false });
    expect((await h.stored()).rows).toEqual(['a1', 'b1']);
    h.ready();
    await vi.waitFor(async () => expect((await h.stored()).cursor).toBe('c0'));
    expect(h.calls).toEqual(['list first', 'list 1', 'list 2']);
    expect([...h.shown.keys()].sort()).toEqual(['c', 'd']);
    expect((await h.stored()).rows).toEqual(['a1', 'b1', 'c1', 'd1']);
    // Loaded: the feed is read again, from the list's cursor.
    await sync.pollOnce();
    expect(h.calls.at(-1)).toBe('changes c0');
    sync.stop();
  });

  it('says the list is loaded (announced once, decision 067) only when its last page is in', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ pages: [[todo('a')], [todo('b')]], beforePage: (index) => (index === 1 ? held : undefined) });
    const sync = h.make();
    await sync.load();
    let loaded = false;
    void sync.whenLoaded().then(() => (loaded = true));
    h.ready();
    await vi.waitFor(() => expect(h.calls).toEqual(['list first', 'list 1']));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loaded).toBe(false);
    release();
    await vi.waitFor(() => expect(loaded).toBe(true));
    expect(h.shown.has('b')).toBe(true);
    sync.stop();
  });

  it('stores a one-page list at once, and a second load shows it without any request', async () => {
    const h = harness({ pages: [[todo('a')]] });
    const first = h.make();
    await first.load();
    await vi.waitFor(async () => expect((await h.stored()).rows).toEqual(['a1']));
    first.stop();
    const second = h.make();
    expect((await second.load()).map((row) => row.id)).toEqual(['a']);
    expect(h.calls).toEqual(['list first']);
    second.stop();
  });

  it('does not let a later page overwrite a row the feed changed or deleted meanwhile', async () => {
    const h = harness({ pages: [[todo('a')], [todo('b'), todo('c')]] });
    const sync = h.make();
    await sync.load();
    // The feed (read before the pages, in a real race) already has b at version 5 and c deleted.
    const rows = sync.inspect();
    rows.confirmed.set('b', todo('b', 5));
    rows.gone.set('c', 2);
    h.ready();
    await vi.waitFor(async () => expect((await h.stored()).cursor).toBe('c0'));
    expect(sync.inspect().confirmed.get('b')?.version).toBe(5);
    expect(sync.inspect().confirmed.has('c')).toBe(false);
    expect(h.shown.has('c')).toBe(false);
    sync.stop();
  });

  it('reports a page that fails to load, keeps the rows shown, and stores them as a partial copy', async () => {
    const h = harness({ pages: [[todo('a')], [todo('b')], [todo('c')]], failPage: 2 });
    const sync = h.make();
    await sync.load();
    h.ready();
    await vi.waitFor(() => expect(writeErrors.get()?.message).toMatch(/^Could not load all todos: /));
    expect([...sync.inspect().confirmed.keys()]).toEqual(['a', 'b']);
    // b goes into the collection in the background.
    await vi.waitFor(() => expect([...h.shown.keys()]).toEqual(['b']));
    expect(await h.stored()).toMatchObject({ rows: ['a1', 'b1'], copy: { cursor: 'c0', next: ['2'], complete: false } });
    // Polling resumes once the pages stopped loading.
    await sync.pollOnce();
    expect(h.calls.at(-1)).toBe('changes c0');
    sync.stop();
  });

  it('reads the key ranges of a long list side by side and takes their pages in list order (decision 101)', async () => {
    const pages = [[todo('a')], [todo('b')], [todo('c')], [todo('d')], [todo('e')]];
    // Ranges: pages 1–2 and 3–4. The second range's first page is answered first.
    let answerFirstRange!: () => void;
    const secondRangeAnswered = new Promise<void>((resolve) => (answerFirstRange = resolve));
    const h = harness({
      pages,
      rangeStarts: [3],
      beforePage: async (index) => {
        if (index === 1) await secondRangeAnswered;
        if (index === 4) answerFirstRange();
      },
    });
    const sync = h.make();
    await sync.load();
    h.ready();
    await vi.waitFor(async () => expect((await h.stored()).copy).toMatchObject({ complete: true }));
    // Both ranges were read before the first was done: the second all the way (3, 4) while page 1 was held.
    expect(h.calls.slice(0, 4)).toEqual(['list first', 'list 1', 'list 3', 'list 4']);
    expect([...sync.inspect().confirmed.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    // a is the collection's first load; the rest goes in after it, in list order.
    await vi.waitFor(() => expect(h.upserted.flat()).toEqual(['b', 'c', 'd', 'e']));
    expect((await h.stored()).rows).toEqual(['a1', 'b1', 'c1', 'd1', 'e1']);
    sync.stop();
  });

  it('takes the rows into the collection only once the download is done: the fill does not compete with it', async () => {
    const first = Array.from({ length: INGEST_CHUNK + 100 }, (_, index) => todo(`a${String(index).padStart(4, '0')}`));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ pages: [first, [todo('b')]], beforePage: (index) => (index === 1 ? held : undefined) });
    const sync = h.make();
    expect(await sync.load()).toHaveLength(INGEST_CHUNK);
    h.ready();
    await vi.waitFor(() => expect(h.calls).toContain('list 1'));
    // Shown (the index has them) but not filled while the second page is on its way: a fill
    // would have written its first slice a task after they were shown, long before 50 ms.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.upserted).toEqual([]);
    release();
    await vi.waitFor(() => expect(h.upserted.flat()).toHaveLength(101));
    sync.stop();
  });

  it('stores where each range left off when a page fails: the current range’s next page, then every later range', async () => {
    const pages = [[todo('a')], [todo('b')], [todo('c')], [todo('d')], [todo('e')], [todo('f')]];
    const h = harness({ pages, rangeStarts: [3, 5], failPage: 2 });
    const sync = h.make();
    await sync.load();
    h.ready();
    await vi.waitFor(() => expect(writeErrors.get()?.message).toMatch(/^Could not load all todos: /));
    // Page 1 was taken; page 2 failed; the ranges at 3 and 5 were downloaded but not taken (they come after).
    expect([...sync.inspect().confirmed.keys()]).toEqual(['a', 'b']);
    expect(await h.stored()).toMatchObject({ rows: ['a1', 'b1'], copy: { next: ['2', '3', '5'], complete: false } });
    sync.stop();
  });

  it('returns a long stored copy a chunk at a time: the first chunk at once, the rest after the collection is ready', async () => {
    const h = harness();
    const many = Array.from({ length: INGEST_CHUNK + 3 }, (_, i) => todo(`r${String(i).padStart(5, '0')}`));
    await h.store.startCopy(many, { cursor: 'stored-cursor', next: [] });
    const sync = h.make();
    const first = await sync.load();
    expect(first).toHaveLength(INGEST_CHUNK);
    expect(h.shown.size).toBe(0);
    h.ready();
    await vi.waitFor(() => expect(h.shown.size).toBe(3));
    expect([...h.shown.keys()]).toEqual(many.slice(INGEST_CHUNK).map((row) => row.id));
    expect(h.calls).toEqual([]);
    sync.stop();
  });

  it('loads stored outbox entries in the order they were made and shows them over the rows', async () => {
    const h = harness();
    await h.store.startCopy([todo('a')], { cursor: 'stored-cursor', next: [] });
    await h.store.saveEntries([
      update('e2', [{ id: 'a', changes: { name: 'second' } }]),
      update('e1', [{ id: 'a', changes: { name: 'first', status: 'completed' } }]),
    ]);
    const sync = h.make();
    const [row] = await sync.load();
    expect(row).toMatchObject({ name: 'second', status: 'completed' });
    expect(sync.inspect().outbox.map((entry) => entry.id)).toEqual(['e1', 'e2']);
    expect(syncStatus.get().pending).toBe(2);
    expect(savingRows.has('a')).toBe(true);
    sync.stop();
    expect(savingRows.has('a')).toBe(false);
    expect(syncStatus.get().pending).toBe(0);
  });
});

describe('todo sync: the change feed and the local copy', () => {
  async function loaded(rows: Todo[]) {
    const h = harness({ pages: [rows] });
    const sync = h.make();
    await sync.load();
    await vi.waitFor(async () => expect((await h.stored()).cursor).toBe('c0'));
    return { h, sync };
  }
  const changed = (row: Todo): TodoChange => ({ ...row, deleted: false });

  it('stores what the feed changed and deleted, and where it continues', async () => {
    const { h, sync } = await loaded([todo('a'), todo('b')]);
    h.feed.push({ expired: false, changes: [changed(todo('a', 2)), { id: 'b', listId: TEST_LIST_ID, version: 2, updatedAt: 't', deleted: true }], cursor: 'c1', hasMore: true });
    expect(await sync.pollOnce()).toBe(true);
    const stored = await h.stored();
    expect(stored.rows).toEqual(['a2']);
    expect(stored.gone).toEqual([['b', 2]]);
    expect(stored.cursor).toBe('c1');
    expect([...h.shown.keys()]).toEqual(['a']);
    sync.stop();
  });

  it('stores only the cursor when the feed brought nothing new', async () => {
    const { h, sync } = await loaded([todo('a', 3)]);
    const saveRows = vi.spyOn(h.store, 'saveRows');
    h.feed.push({ expired: false, changes: [changed(todo('a', 2))], cursor: 'c1', hasMore: false });
    expect(await sync.pollOnce()).toBe(false);
    expect(saveRows).not.toHaveBeenCalled();
    expect((await h.stored()).cursor).toBe('c1');
    expect(sync.inspect().confirmed.get('a')?.version).toBe(3);
    expect(h.shown.has('a')).toBe(false);
    sync.stop();
  });

  it('says "offline" when a poll cannot reach the API, and "online" again when one does', async () => {
    const { h, sync } = await loaded([todo('a')]);
    h.feedErrors.push(offline());
    await expect(sync.pollOnce()).rejects.toThrow();
    expect(syncStatus.get().connection).toBe('offline');
    // A 503 on a poll is not "offline": the network works.
    h.feedErrors.push(serverError('SERVICE_UNAVAILABLE', 503));
    await expect(sync.pollOnce()).rejects.toThrow();
    expect(syncStatus.get().connection).toBe('offline');
    expect(await sync.pollOnce()).toBe(false);
    expect(syncStatus.get().connection).toBe('online');
    sync.stop();
  });

  it('reads nothing once stopped', async () => {
    const { h, sync } = await loaded([todo('a')]);
    sync.stop();
    const before = h.calls.length;
    expect(await sync.pollOnce()).toBe(false);
    expect(h.calls).toHaveLength(before);
  });

  it('replaces the whole copy when the cursor expired, removing rows that are gone', async () => {
    const { h, sync } = await loaded([todo('a'), todo('b')]);
    h.setPages([[todo('b', 4), todo('c')]]);
    h.feed.push({ expired: true, cursor: 'fresh' });
    expect(await sync.pollOnce()).toBe(true);
    expect([...h.shown.keys()].sort()).toEqual(['b', 'c']);
    expect(h.shown.get('b')?.version).toBe(4);
    const stored = await h.stored();
    expect(stored.rows).toEqual(['b4', 'c1']);
    expect(stored.cursor).toBe('fresh');
    await sync.pollOnce();
    expect(h.calls.at(-1)).toBe('changes fresh');
    sync.stop();
  });
});

describe('todo sync: what the server answers to a write', () => {
  async function ready(rows: Todo[]) {
    const h = harness({ pages: [rows] });
    const sync = h.make();
    await sync.load();
    sync.start();
    return { h, sync };
  }

  it('a stored update: the answer becomes the row, the entry leaves the outbox and the copy has the new version', async () => {
    const { h, sync } = await ready([todo('a')]);
    await sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'new' }, expectedVersion: 1 }]));
    expect(h.shown.get('a')).toMatchObject({ name: 'new', version: 2 });
    const stored = await h.stored();
    expect(stored.outbox).toEqual([]);
    expect(stored.rows).toEqual(['a2']);
    expect(sync.inspect().outbox).toEqual([]);
    expect(savingRows.has('a')).toBe(false);
    expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
    sync.stop();
  });

  it('a refused update (400) is undone, reported with its action, and offered again through Retry', async () => {
    const retry = vi.fn();
    const h = harness({ pages: [[todo('a', 1, 'old')]], retryOf: () => retry });
    const sync = h.make();
    await sync.load();
    sync.start();
    h.answers.push(serverError('BAD_REQUEST', 400));
    await expect(sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'bad' }, expectedVersion: 1 }], 'rename “old” to “bad”'))).rejects.toThrow();
    expect(h.shown.get('a')?.name).toBe('old');
    expect(writeErrors.get()?.message).toMatch(/^Could not rename “old” to “bad”: .*Your change was undone\.$/);
    expect(writeErrors.get()?.retry).toBe(retry);
    // A rename of one todo: Retry reopens its editor with the name that was typed.
    expect(writeErrors.get()?.rename).toEqual({ id: 'a', name: 'bad' });
    expect((await h.stored()).outbox).toEqual([]);
    expect(sync.inspect().outbox).toEqual([]);
    expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
    sync.stop();
  });

  it('a refused create also drops the later changes of the todo that was never created', async () => {
    const { h, sync } = await ready([todo('a')]);
    h.answers.push(serverError('BAD_REQUEST', 400));
    const created = sync.enqueue({ id: 'e1', kind: 'create', action: 'add “n”', rows: [todo('n', 0, 'n')] });
    const renamed = sync.enqueue(update('e2', [{ id: 'n', changes: { name: 'n2' } }, { id: 'a', changes: { name: 'a2' }, expectedVersion: 1 }]));
    await expect(created).rejects.toThrow();
    await renamed;
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(h.shown.has('n')).toBe(false);
    expect(h.shown.get('a')?.name).toBe('a2');
    expect(h.calls.filter((call) => call === 'update')).toHaveLength(1);
    sync.stop();
  });

  it('a conflict (409) is sent again without the version, only the changed fields, and named in a notice', async () => {
    const { h, sync } = await ready([todo('a', 1, 'Buy milk')]);
    const sent: unknown[] = [];
    h.answers.push(serverError('CONFLICT', 409, ['a']), (input: { items: unknown[] }) => {
      sent.push(input);
      return [{ ...todo('a', 3, 'oat milk'), status: 'completed' }];
    });
    await sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'oat milk' }, expectedVersion: 1 }]));
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(sent).toEqual([{ items: [{ id: 'a', changes: { name: 'oat milk' } }] }]);
    expect(h.shown.get('a')).toMatchObject({ name: 'oat milk', version: 3, status: 'completed' });
    // Named as the user sees it: with their own change.
    expect(writeErrors.get()?.message).toBe(`${quoted('oat milk')} was also changed on another device; your change was applied.`);
    expect((await h.stored()).rows).toEqual(['a3']);
    sync.stop();
  });

  it('an update of a todo deleted elsewhere (404) drops the change and the row, keeps the rest, and says so', async () => {
    const { h, sync } = await ready([todo('a', 1, 'gone one'), todo('b', 1, 'kept')]);
    h.answers.push(serverError('NOT_FOUND', 404, ['a']));
    await sync.enqueue(
      update('e1', [
        { id: 'a', changes: { status: 'completed' }, expectedVersion: 1 },
        { id: 'b', changes: { status: 'completed' }, expectedVersion: 1 },
      ]),
    );
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(h.shown.has('a')).toBe(false);
    expect(h.shown.get('b')).toMatchObject({ status: 'completed', version: 2 });
    expect(writeErrors.get()?.message).toBe(`${quoted('gone one')} was deleted on another device; your change to it was dropped.`);
    const stored = await h.stored();
    expect(stored.rows).toEqual(['b2']);
    expect(stored.gone.map(([id]) => id)).toEqual(['a']);
    sync.stop();
  });

  it('an outage keeps the change shown and waiting (stored), then sends it once the API answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { h, sync } = await ready([todo('a')]);
      h.answers.push(serverError('SERVICE_UNAVAILABLE', 503));
      // Kept for later, not confirmed: the UI must not announce it as done (decision 067).
      expect(await inFakeTime(sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'later' }, expectedVersion: 1 }])))).toBe('waiting');
      expect(h.shown.get('a')?.name).toBe('later');
      expect(syncStatus.get()).toEqual({ pending: 1, connection: 'unavailable' });
      expect((await h.stored()).outbox.map((entry) => entry.id)).toEqual(['e1']);
      // Another change meanwhile waits with it, in order.
      await inFakeTime(sync.enqueue(update('e2', [{ id: 'a', changes: { status: 'completed' } }])));
      expect(h.calls.filter((call) => call === 'update')).toHaveLength(1);
      // A successful poll means the API answers again: the outbox is sent without waiting for the timer.
      await sync.pollOnce();
      await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
      expect(h.calls.filter((call) => call === 'update')).toHaveLength(3);
      expect(h.shown.get('a')).toMatchObject({ name: 'later', status: 'completed' });
      expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
      sync.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a network failure says "offline" and retries on its own after the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { h, sync } = await ready([todo('a')]);
      h.answers.push(offline());
      await inFakeTime(sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'x' }, expectedVersion: 1 }])));
      expect(syncStatus.get()).toEqual({ pending: 1, connection: 'offline' });
      await vi.advanceTimersByTimeAsync(30_000);
      await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
      expect(h.calls.filter((call) => call === 'update')).toHaveLength(2);
      sync.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a delete stores tombstones and removes the rows from the copy', async () => {
    const { h, sync } = await ready([todo('a'), todo('b')]);
    expect(await sync.enqueue({ id: 'e1', kind: 'delete', action: 'delete “a”', ids: ['a'] })).toBe('stored');
    expect(h.shown.has('a')).toBe(false);
    expect([...sync.inspect().confirmed.keys()]).toEqual(['b']);
    expect(h.calls).toContain('delete');
    const stored = await h.stored();
    expect(stored.rows).toEqual(['b1']);
    expect(stored.gone.map(([id]) => id)).toEqual(['a']);
    sync.stop();
  });
});
