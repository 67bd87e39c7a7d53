/** Todos after lists: a todo added to a list made offline must reach the server after its list. */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, takeWastedWrites, todo } from '../../testing/todo-sync-harness';
import { syncStatus } from '../sync-status';

afterEach(() => {
  syncStatus.reset();
  expect(takeWastedWrites()).toEqual([]);
});

describe('an outbox that sends after another', () => {
  it('waits, pending, while the other has entries, and sends once it is empty', async () => {
    let empty = false;
    let emptied: () => void = () => undefined;
    const whenEmpty = new Promise<void>((resolve) => (emptied = resolve));
    const h = harness({ pages: [[]], after: { isEmpty: () => empty, whenEmpty: () => whenEmpty } });
    const sync = h.make();
    await sync.load();
    h.ready();
    // The change is kept and shown as waiting, not sent.
    expect(await sync.enqueue({ id: 'e1', kind: 'create', action: 'add “n”', rows: [todo('n', 0)] })).toBe('waiting');
    expect(h.calls).not.toContain('create');
    expect(syncStatus.get().pending).toBe(1);
    empty = true;
    emptied();
    await expect.poll(() => h.calls.filter((call) => call === 'create')).toHaveLength(1);
    await expect.poll(() => sync.inspect().outbox).toEqual([]);
    sync.stop();
  });
});
