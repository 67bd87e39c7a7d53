/**
 * The sync's edges, against the scripted server of todo-sync-harness.ts: a local store
 * that cannot be read, stopping mid-way, answers arriving late, chunked writes that half
 * succeed, waits the server asks for, another tab holding the outbox lock, and the page
 * coming back online. Like todo-sync-outcomes.test.ts, every test also requires that
 * nothing is written that changes nothing (into the collection or the store).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIST_PAGE_SIZE_MAX, MAX_ITEMS_PER_WRITE } from '../../../shared/limits';
import type { Todo, TodoChange } from '../../../shared/todo';
import { harness, offline, serverError, takeWastedWrites, todo, update, type Harness, type HarnessOptions , type FedTodoSync } from '../testing/todo-sync-harness';
import type { TodoOutboxEntry } from './todo-sync';
import type { PageActivity } from './page-activity';
import { savingRows } from './save-status';
import { syncStatus, type Connection } from './sync-status';
import { INGEST_CHUNK, LIST_RANGES, quoted } from './todo-sync';
import type { LockRunner } from './web-lock';
import { writeErrors } from './write-errors';
import { TEST_LIST_ID } from '../testing/test-list';

const never = () => new Promise<never>(() => undefined);
const changed = (row: Todo): TodoChange => ({ ...row, deleted: false });
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/** A stored copy of `count` rows (ids in order, as returned), so that a load opens from it without any request. */
async function storedCopy(h: Harness, count: number): Promise<string[]> {
  const all = ids('r', count);
  await h.store.startCopy(
    all.map((id) => todo(id)),
    { cursor: 'stored-cursor', next: [] },
  );
  return all;
}

/** Loads like the collection does: the rows `load()` returns are what it shows first. */
async function open(h: Harness): Promise<FedTodoSync> {
  const sync = h.make();
  for (const row of await sync.load()) h.shown.set(row.id, row);
  return sync;
}

/** Loaded and started: following the feed and sending. */
async function started(rows: Todo[], options: HarnessOptions = {}) {
  const h = harness({ pages: [rows], ...options });
  const sync = await open(h);
  sync.start();
  return { h, sync };
}

/** Lets queued promise callbacks and zero-delay tasks run, without reaching any retry timer. */
const settle = () => vi.advanceTimersByTimeAsync(10);

let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  writeErrors.dismiss();
  syncStatus.reset();
  expect(takeWastedWrites()).toEqual([]);
});

describe('todo sync edges: loading', () => {
  it('asks for full pages: the first without a cursor, the next with the one it was given', async () => {
    const h = harness({ pages: [[todo('a')], [todo('b')]] });
    await open(h);
    h.ready();
    await vi.waitFor(async () => expect((await h.stored()).cursor).toBe('c0'));
    // The first asks the server to split the rest into key ranges read side by side (decision 101).
    expect(h.listInputs).toEqual([{ limit: LIST_PAGE_SIZE_MAX, split: LIST_RANGES }, { cursor: '1', limit: LIST_PAGE_SIZE_MAX }]);
  });

  it('loads the list from the server when the local store cannot be read, and only logs that', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = harness({ pages: [[todo('a')]] });
    vi.spyOn(h.store, 'load').mockRejectedValueOnce(new Error('blocked'));
    const sync = h.make();
    expect((await sync.load()).map((row) => row.id)).toEqual(['a']);
    expect(h.calls).toEqual(['list first']);
    expect(warn).toHaveBeenCalledWith('Could not update the local copy', expect.any(Error));
    expect(writeErrors.get()).toBeNull();
    expect(sync.inspect().outbox).toEqual([]);
    sync.stop();
  });

  it('orders stored outbox entries by id (the order they were made), however they are stored', async () => {
    const h = harness();
    await h.store.startCopy([todo('a')], { cursor: 'stored-cursor', next: [] });
    await h.store.saveEntries(['e3', 'e1', 'e5', 'e2', 'e4'].map((id) => update(id, [{ id: 'a', changes: { name: id } }])));
    const sync = h.make();
    const [row] = await sync.load();
    expect(sync.inspect().outbox.map((entry) => entry.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(row?.name).toBe('e5');
    sync.stop();
  });

  it('does not show a stored row whose delete is waiting in the outbox', async () => {
    const h = harness();
    await h.store.startCopy([todo('a'), todo('b')], { cursor: 'stored-cursor', next: [] });
    await h.store.saveEntries([{ id: 'e1', kind: 'delete', action: 'delete “a1”', ids: ['a'] }]);
    const sync = h.make();
    expect(await sync.load()).toEqual([todo('b')]);
    sync.stop();
  });

  it('hands a long stored copy to the collection one chunk per write, and writes nothing back to the store', async () => {
    const h = harness();
    const all = await storedCopy(h, 2 * INGEST_CHUNK + 3);
    const startCopy = vi.spyOn(h.store, 'startCopy');
    const addToCopy = vi.spyOn(h.store, 'addToCopy');
    const saveRows = vi.spyOn(h.store, 'saveRows');
    const sync = await open(h);
    h.ready();
    await vi.waitFor(() => expect(h.shown.size).toBe(all.length));
    expect(h.upserted).toEqual([all.slice(INGEST_CHUNK, 2 * INGEST_CHUNK), all.slice(2 * INGEST_CHUNK)]);
    expect(startCopy).not.toHaveBeenCalled();
    expect(addToCopy).not.toHaveBeenCalled();
    expect(saveRows).not.toHaveBeenCalled();
    expect(h.calls).toEqual([]);
    sync.stop();
  });

  it('logs a chunk the collection refused and goes on with the next one', async () => {
    const h = harness();
    const all = await storedCopy(h, 2 * INGEST_CHUNK + 1);
    const failure = new Error('collection closed');
    vi.spyOn(h.writer, 'writeBatch').mockRejectedValueOnce(failure);
    const sync = await open(h);
    h.ready();
    await vi.waitFor(() => expect(h.shown.has(all.at(-1) ?? '')).toBe(true));
    expect(consoleError).toHaveBeenCalledWith('Could not load todos', failure);
    sync.stop();
  });

  it.each([
    ['answered', -1],
    ['failed', 1],
  ])('stores and reports nothing when stopped while a later page is read (page %s)', async (_outcome, failPage) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ pages: [[todo('a')], [todo('b')]], failPage, beforePage: (index) => (index === 1 ? held : undefined) });
    const sync = await open(h);
    h.ready();
    await vi.waitFor(() => expect(h.calls).toContain('list 1'));
    sync.stop();
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await h.stored()).cursor).toBeUndefined();
    expect(writeErrors.get()).toBeNull();
    expect(h.shown.has('b')).toBe(false);
  });
});

describe('todo sync edges: the change feed', () => {
  async function loaded(rows: Todo[], options: HarnessOptions = {}) {
    const h = harness({ pages: [rows], ...options });
    const sync = await open(h);
    await vi.waitFor(async () => expect((await h.stored()).cursor).toBe('c0'));
    return { h, sync };
  }

  it('ignores a feed answer that arrives after stop()', async () => {
    const { h, sync } = await loaded([todo('a')]);
    h.feed.push({ expired: false, changes: [changed(todo('a', 2))], cursor: 'c1', hasMore: true });
    const polled = sync.pollOnce();
    sync.stop();
    expect(await polled).toBe(false);
    expect(h.shown.get('a')?.version).toBe(1);
    const stored = await h.stored();
    expect(stored.rows).toEqual(['a1']);
    expect(stored.cursor).toBe('c0');
  });

  it('ignores an expired-cursor reload that arrives after stop()', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The second list read is the reload.
    const { h, sync } = await loaded([todo('a')], { beforePage: (_index, reads) => (reads === 2 ? held : undefined) });
    h.setPages([[todo('a', 5)]]);
    h.feed.push({ expired: true, cursor: 'fresh' });
    const polled = sync.pollOnce();
    await vi.waitFor(() => expect(h.calls.at(-1)).toBe('list first'));
    sync.stop();
    release();
    expect(await polled).toBe(false);
    expect(h.shown.get('a')?.version).toBe(1);
    expect((await h.stored()).cursor).toBe('c0');
  });

  it('stores a poll that only changed rows, and one that only deleted rows', async () => {
    const { h, sync } = await loaded([todo('a'), todo('b')]);
    h.feed.push({ expired: false, changes: [changed(todo('a', 2))], cursor: 'c1', hasMore: false });
    await sync.pollOnce();
    expect((await h.stored()).rows).toEqual(['a2', 'b1']);
    h.feed.push({ expired: false, changes: [{ id: 'b', listId: TEST_LIST_ID, version: 2, updatedAt: 't', deleted: true }], cursor: 'c2', hasMore: false });
    await sync.pollOnce();
    const stored = await h.stored();
    expect(stored.rows).toEqual(['a2']);
    expect(stored.gone).toEqual([['b', 2]]);
    expect([...h.shown.keys()]).toEqual(['a']);
    sync.stop();
  });

  it('after an expired cursor, removes the rows deleted meanwhile and rewrites only the rows that changed', async () => {
    const { h, sync } = await loaded([todo('kept'), todo('gone'), todo('renamed')]);
    h.setPages([[todo('kept'), todo('renamed', 2), todo('new')]]);
    h.feed.push({ expired: true, cursor: 'fresh' });
    expect(await sync.pollOnce()).toBe(true);
    expect([...h.shown.keys()].sort()).toEqual(['kept', 'new', 'renamed']);
    expect(h.upserted).toEqual([['renamed', 'new']]);
    sync.stop();
  });

  it('leaves a row with a write in flight as the user sees it, whatever the feed or a reload brings', async () => {
    const { h, sync } = await loaded([todo('a'), todo('b')]);
    sync.start();
    h.answers.push(never);
    void sync.enqueue(update('e1', [{ id: 'a', changes: { status: 'completed' }, expectedVersion: 1 }]));
    await vi.waitFor(() => expect(h.shown.get('a')?.status).toBe('completed'));
    const mine = h.shown.get('a');
    h.feed.push({ expired: false, changes: [changed(todo('a', 2, 'renamed elsewhere')), changed(todo('b', 2))], cursor: 'c1', hasMore: false });
    await sync.pollOnce();
    expect(h.shown.get('a')).toBe(mine);
    expect(h.shown.get('b')?.version).toBe(2);
    h.setPages([[todo('a', 3, 'renamed again'), todo('b', 2)]]);
    h.feed.push({ expired: true, cursor: 'fresh' });
    await sync.pollOnce();
    expect(h.shown.get('a')).toBe(mine);
    sync.stop();
  });

  it('a 503 on a poll does not say "offline"', async () => {
    const { h, sync } = await loaded([todo('a')]);
    h.feedErrors.push(serverError('SERVICE_UNAVAILABLE', 503));
    await expect(sync.pollOnce()).rejects.toThrow();
    expect(syncStatus.get().connection).toBe('online');
    sync.stop();
  });
});

describe('todo sync edges: waiting and retrying', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // No jitter: the backoff is exactly 1 s, 2 s, 4 s …
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });

  const updates = (h: Harness) => h.calls.filter((call) => call === 'update').length;
  const rename = () => update('e1', [{ id: 'a', changes: { name: 'x' }, expectedVersion: 1 }]);

  it.each([
    // Longer than the first backoff (1 s): the server's wait counts.
    ['5', 5_000],
    // Never a tight loop, whatever the server says.
    ['0', 200],
  ])('after a 503 with "Retry-After: %s", sends again after %i ms, not sooner', async (seconds, ms) => {
    const { h, sync } = await started([todo('a')]);
    h.answers.push(serverError('SERVICE_UNAVAILABLE', 503, undefined, { 'retry-after': seconds }));
    void sync.enqueue(rename());
    await vi.advanceTimersByTimeAsync(ms - 50);
    expect(updates(h)).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(updates(h)).toBe(2);
    sync.stop();
  });

  it('waits longer after each network failure in a row: 1 s, 2 s, 4 s', async () => {
    const { h, sync } = await started([todo('a')]);
    h.answers.push(offline(), offline(), offline());
    void sync.enqueue(rename());
    await settle();
    const sent: number[] = [];
    for (let ms = 0; ms < 7_100; ms += 100) {
      await vi.advanceTimersByTimeAsync(100);
      if (updates(h) > sent.length + 1) sent.push(ms + 100);
    }
    // Each retry fires on its timer: 1 s after the first send, then 2 s and 4 s later.
    expect(sent).toEqual([1_000, 3_000, 7_000]);
    expect(sync.inspect().outbox).toEqual([]);
    sync.stop();
  });

  it('a good poll sends the waiting writes at once, without waiting for the retry timer', async () => {
    const { h, sync } = await started([todo('a')]);
    h.answers.push(serverError('SERVICE_UNAVAILABLE', 503, undefined, { 'retry-after': '10' }));
    void sync.enqueue(rename());
    await settle();
    expect(updates(h)).toBe(1);
    await sync.pollOnce();
    await settle();
    expect(updates(h)).toBe(2);
    expect(sync.inspect().outbox).toEqual([]);
    expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
    sync.stop();
  });

  it('a good poll does not say "online" while the API still answers writes with 503', async () => {
    const { h, sync } = await started([todo('a')]);
    const seen: Connection[] = [];
    const unsubscribe = syncStatus.subscribe(() => seen.push(syncStatus.get().connection));
    const busy = () => serverError('SERVICE_UNAVAILABLE', 503, undefined, { 'retry-after': '10' });
    h.answers.push(busy(), busy());
    void sync.enqueue(rename());
    await settle();
    await sync.pollOnce();
    await settle();
    expect(updates(h)).toBe(2);
    expect(seen.filter((connection, i) => connection !== seen[i - 1])).toEqual(['online', 'unavailable']);
    unsubscribe();
    sync.stop();
  });

  it('coming back online sends at once; a focus or a visible page does not', async () => {
    let wake: (reason: 'focus' | 'visible' | 'online') => void = () => undefined;
    const activity: PageActivity = { isVisible: () => false, isOnline: () => true, onWake: (listener) => ((wake = listener), () => undefined) };
    const { h, sync } = await started([todo('a')], { activity });
    h.answers.push(offline());
    void sync.enqueue(rename());
    await settle();
    wake('focus');
    wake('visible');
    await settle();
    expect(updates(h)).toBe(1);
    wake('online');
    await settle();
    expect(updates(h)).toBe(2);
    expect(sync.inspect().outbox).toEqual([]);
    sync.stop();
  });

  it('logs a lock that fails (no Web Locks) and tries again after the backoff', async () => {
    const failure = new Error('locks unavailable');
    let attempts = 0;
    const lock: LockRunner = (_name, work) => (++attempts === 1 ? Promise.reject(failure) : work());
    const { h, sync } = await started([todo('a')], { lock });
    void sync.enqueue(rename());
    await settle();
    expect(consoleError).toHaveBeenCalledWith('Outbox', failure);
    expect(updates(h)).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(updates(h)).toBe(1);
    expect(sync.inspect().outbox).toEqual([]);
    sync.stop();
  });
});

describe('todo sync edges: writes', () => {
  it('another tab holds the outbox: the change waits (shown, pending) and is sent once the lock is free', async () => {
    let free: () => void = () => undefined;
    const freed = new Promise<void>((resolve) => (free = resolve));
    const lock: LockRunner = async (_name, work, options) => {
      if (options?.ifAvailable) return undefined;
      await freed;
      return work();
    };
    const { h, sync } = await started([todo('a')], { lock });
    await sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'waits' }, expectedVersion: 1 }]));
    expect(h.calls).not.toContain('update');
    expect(h.shown.get('a')?.name).toBe('waits');
    expect(syncStatus.get().pending).toBe(1);
    free();
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(h.shown.get('a')).toMatchObject({ name: 'waits', version: 2 });
    sync.stop();
  });

  it('a change the local store cannot keep is still sent, and the failure only logged', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { h, sync } = await started([todo('a')]);
    vi.spyOn(h.store, 'saveEntries').mockRejectedValueOnce(new Error('quota'));
    await sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'sent anyway' }, expectedVersion: 1 }]));
    expect(h.shown.get('a')).toMatchObject({ name: 'sent anyway', version: 2 });
    expect(warn).toHaveBeenCalledWith('Could not update the local copy', expect.any(Error));
    expect(writeErrors.get()).toBeNull();
    sync.stop();
  });

  it('drops, without sending, the stored entries another tab has sent meanwhile', async () => {
    const h = harness();
    await h.store.startCopy([todo('a')], { cursor: 'stored-cursor', next: [] });
    await h.store.saveEntries([update('e1', [{ id: 'a', changes: { name: 'sent by the other tab' } }])]);
    const sync = await open(h);
    expect(h.shown.get('a')?.name).toBe('sent by the other tab');
    expect(savingRows.has('a')).toBe(true);
    await h.store.deleteEntries(['e1']);
    sync.start();
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(h.calls).not.toContain('update');
    // Back to the confirmed row: the feed brings the other tab's result.
    expect(h.shown.get('a')).toEqual(todo('a'));
    expect(savingRows.has('a')).toBe(false);
    expect(syncStatus.get().pending).toBe(0);
    sync.stop();
  });

  it('does not send the next entry once stopped', async () => {
    let answer: (rows: Todo[]) => void = () => undefined;
    const { h, sync } = await started([todo('a')]);
    h.answers.push(() => new Promise((resolve) => (answer = resolve)));
    void sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'one' }, expectedVersion: 1 }]));
    void sync.enqueue(update('e2', [{ id: 'a', changes: { name: 'two' } }]));
    await vi.waitFor(() => expect(h.calls).toContain('update'));
    await vi.waitFor(() => expect(sync.inspect().outbox).toHaveLength(2));
    sync.stop();
    answer([todo('a', 2, 'one')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.calls.filter((call) => call === 'update')).toHaveLength(1);
  });

  it('a refused entry from an earlier session (no handler waits for it) is undone and reported', async () => {
    const h = harness();
    await h.store.startCopy([todo('a', 1, 'old')], { cursor: 'stored-cursor', next: [] });
    await h.store.saveEntries([update('e1', [{ id: 'a', changes: { name: 'bad' }, expectedVersion: 1 }], 'rename “old” to “bad”')]);
    const sync = await open(h);
    h.answers.push(serverError('BAD_REQUEST', 400));
    sync.start();
    await vi.waitFor(() => expect(sync.inspect().outbox).toEqual([]));
    expect(h.shown.get('a')?.name).toBe('old');
    expect(writeErrors.get()?.message).toMatch(/^Could not rename “old” to “bad”: /);
    expect((await h.stored()).outbox).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    sync.stop();
  });

  it('a refused update keeps the later changes of the same todo', async () => {
    const { h, sync } = await started([todo('a', 1, 'old')]);
    h.answers.push(serverError('BAD_REQUEST', 400));
    const refused = sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'bad' }, expectedVersion: 1 }]));
    const later = sync.enqueue(update('e2', [{ id: 'a', changes: { status: 'completed' } }]));
    await expect(refused).rejects.toThrow();
    // The outcomes the UI announces (decision 067): only the confirmed write is "stored".
    await expect(later).resolves.toBe('stored');
    expect(h.calls.filter((call) => call === 'update')).toHaveLength(2);
    expect(h.shown.get('a')).toMatchObject({ name: 'old', status: 'completed', version: 2 });
    sync.stop();
  });

  it('a refused create settles, unsent, a later change that touched only that todo', async () => {
    const { h, sync } = await started([]);
    h.answers.push(serverError('BAD_REQUEST', 400));
    const created = sync.enqueue({ id: 'e1', kind: 'create', action: 'add “n”', rows: [todo('n', 0, 'n')] });
    const renamed = sync.enqueue(update('e2', [{ id: 'n', changes: { name: 'n2' } }]));
    await expect(created).rejects.toThrow();
    // Never sent, so never announced as done.
    await expect(renamed).resolves.toBe('dropped');
    expect(h.calls).toEqual(['list first', 'create']);
    expect(sync.inspect().outbox).toEqual([]);
    expect((await h.stored()).outbox).toEqual([]);
    expect(h.shown.has('n')).toBe(false);
    sync.stop();
  });

  it('a todo created again after its delete (Undo) comes back, although its tombstone is newer', async () => {
    const { h, sync } = await started([todo('a', 3, 'again')]);
    await sync.enqueue({ id: 'e1', kind: 'delete', action: 'delete “again”', ids: ['a'] });
    expect((await h.stored()).gone).toEqual([['a', 4]]);
    await sync.enqueue({ id: 'e2', kind: 'create', action: 'add “again”', rows: [todo('a', 0, 'again')] });
    expect(h.shown.get('a')).toMatchObject({ name: 'again', version: 1 });
    const stored = await h.stored();
    expect(stored.rows).toEqual(['a1']);
    expect(stored.gone).toEqual([]);
    sync.stop();
  });

  it('a later update of the same todo is stored with the version the earlier one produced', async () => {
    const { h, sync } = await started([todo('a')]);
    h.answers.push(
      () => [todo('a', 2, 'one')],
      () => never(),
    );
    void sync.enqueue(update('e1', [{ id: 'a', changes: { name: 'one' }, expectedVersion: 1 }]));
    void sync.enqueue(update('e2', [{ id: 'a', changes: { status: 'completed' }, expectedVersion: 1 }]));
    await vi.waitFor(() => expect(h.calls.filter((call) => call === 'update')).toHaveLength(2));
    const [stored] = (await h.stored()).outbox;
    expect(stored).toMatchObject({ id: 'e2', items: [{ id: 'a', expectedVersion: 2 }] });
    sync.stop();
  });

  it('a conflict resends, and stores, only the todos the server named without their version', async () => {
    const { h, sync } = await started([todo('a', 1, 'first'), todo('b', 1, 'second')]);
    const resent: unknown[] = [];
    h.answers.push(serverError('CONFLICT', 409, ['b']), (input: unknown) => {
      resent.push(input);
      return never();
    });
    void sync.enqueue(
      update('e1', [
        { id: 'a', changes: { name: 'first!' } },
        { id: 'b', changes: { name: 'second!' }, expectedVersion: 1 },
      ]),
    );
    await vi.waitFor(() => expect(resent).toHaveLength(1));
    const items = [
      { id: 'a', changes: { name: 'first!' } },
      { id: 'b', changes: { name: 'second!' } },
    ];
    expect(resent).toEqual([{ items }]);
    const [stored] = (await h.stored()).outbox;
    expect(stored).toEqual(update('e1', items));
    sync.stop();
  });

  it('names every conflicted or deleted todo in one notice', async () => {
    const { h, sync } = await started([todo('a', 1, 'one'), todo('b', 1, 'two'), todo('c', 1, 'three'), todo('d', 1, 'four')]);
    h.answers.push(serverError('CONFLICT', 409));
    await sync.enqueue(
      update('e1', [
        { id: 'a', changes: { status: 'completed' }, expectedVersion: 1 },
        { id: 'b', changes: { status: 'completed' }, expectedVersion: 1 },
      ]),
    );
    await vi.waitFor(() => expect(writeErrors.get()?.message).toBe(`${quoted('one')}, ${quoted('two')} were also changed on another device; your change was applied.`));
    h.answers.push(serverError('NOT_FOUND', 404, ['c', 'd']));
    await sync.enqueue(
      update('e2', [
        { id: 'c', changes: { status: 'completed' }, expectedVersion: 1 },
        { id: 'd', changes: { status: 'completed' }, expectedVersion: 1 },
      ]),
    );
    expect(writeErrors.get()?.message).toBe(`${quoted('three')}, ${quoted('four')} were deleted on another device; your change to it was dropped.`);
    expect([...h.shown.keys()].sort()).toEqual(['a', 'b']);
    sync.stop();
  });

  describe('a write larger than one chunk whose second chunk is refused', () => {
    const count = MAX_ITEMS_PER_WRITE + 2;

    it('a delete: the first chunk stays deleted (tombstones stored), the rest comes back', async () => {
      const all = ids('d', count);
      const { h, sync } = await started(all.map((id) => todo(id)));
      h.answers.push((input: { ids: string[] }) => input.ids, serverError('BAD_REQUEST', 400));
      const entry: TodoOutboxEntry = { id: 'e1', kind: 'delete', action: 'clear completed', ids: all };
      await expect(sync.enqueue(entry)).rejects.toThrow();
      expect([...h.shown.keys()].sort()).toEqual(all.slice(MAX_ITEMS_PER_WRITE));
      const stored = await h.stored();
      expect(stored.rows).toEqual(all.slice(MAX_ITEMS_PER_WRITE).map((id) => `${id}1`));
      expect(stored.gone.map(([id]) => id).sort()).toEqual(all.slice(0, MAX_ITEMS_PER_WRITE));
      expect(stored.outbox).toEqual([]);
      expect(writeErrors.get()?.message).toMatch(/^Could not clear completed: /);
      sync.stop();
    });

    it('a create: the first chunk is kept as stored, the rest is undone', async () => {
      const all = ids('n', count);
      const { h, sync } = await started([]);
      h.answers.push((input: { items: { id: string; name: string }[] }) => input.items.map((item) => todo(item.id, 1, item.name)), serverError('BAD_REQUEST', 400));
      const entry: TodoOutboxEntry = { id: 'e1', kind: 'create', action: 'import', rows: all.map((id) => todo(id, 0, id)) };
      await expect(sync.enqueue(entry)).rejects.toThrow();
      expect([...h.shown.keys()].sort()).toEqual(all.slice(0, MAX_ITEMS_PER_WRITE));
      expect(h.shown.get(all[0] ?? '')?.version).toBe(1);
      expect((await h.stored()).rows).toEqual(all.slice(0, MAX_ITEMS_PER_WRITE).map((id) => `${id}1`));
      sync.stop();
    });
  });
});
