/** What a feed answer does to a copy beyond applying changes: a partition read again in full, one forgotten. */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, takeWastedWrites, todo } from '../../testing/todo-sync-harness';
import { TEST_LIST_ID } from '../../testing/test-list';

afterEach(() => {
  expect(takeWastedWrites()).toEqual([]);
});

const ids = (rows: Map<string, unknown>) => [...rows.keys()].sort();

describe('a feed target', () => {
  it('reads a partition again: what the server no longer has goes, but not a row this client created while the read was under way', async () => {
    let release: () => void = () => undefined;
    let hold = false;
    const h = harness({ pages: [[todo('a'), todo('b')]], beforePage: () => (hold ? new Promise<void>((resolve) => (release = resolve)) : undefined) });
    const sync = h.make();
    await sync.load();
    h.ready();
    // Deleted elsewhere: the server's list no longer has b. The read waits while this client adds n.
    h.setPages([[todo('a')]]);
    hold = true;
    const reloading = sync.feedTarget.reload([TEST_LIST_ID]);
    expect(await sync.enqueue({ id: 'e1', kind: 'create', action: 'add “n”', rows: [{ ...todo('n', 0) }] })).toBe('stored');
    release();
    await reloading;
    expect(ids(sync.inspect().confirmed)).toEqual(['a', 'n']);
    expect(sync.inspect().gone.has('b')).toBe(true);
    sync.stop();
  });

  it('forgets a partition without tombstones: read again later, its rows come back', async () => {
    const h = harness({ pages: [[todo('a'), todo('b')]] });
    const sync = h.make();
    await sync.load();
    h.ready();
    sync.feedTarget.forget(new Set([TEST_LIST_ID]));
    expect(ids(sync.inspect().confirmed)).toEqual([]);
    expect(sync.inspect().gone.size).toBe(0);
    await sync.feedTarget.reload([TEST_LIST_ID]);
    expect(ids(sync.inspect().confirmed)).toEqual(['a', 'b']);
    sync.stop();
  });
});
