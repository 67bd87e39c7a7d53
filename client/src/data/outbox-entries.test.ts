/** Outbox entries as data: what the user sees over the confirmed rows, partial removal, rebasing, conflict resend. */
import { describe, expect, it } from 'vitest';
import type { Todo } from '../../../shared/todo';
import { keysOf, rebase, viewOf, withoutExpectedVersion, withoutIds, type OutboxEntry } from './outbox-entries';
import { TEST_LIST_ID } from '../testing/test-list';

const todo = (id: string, version = 1, name = id): Todo => ({ id, listId: TEST_LIST_ID, name, status: 'pending', createdAt: 't', updatedAt: 't', version });

const create: OutboxEntry = { id: '1', kind: 'create', action: 'add', rows: [todo('n', 0)] };
const rename: OutboxEntry = { id: '2', kind: 'update', action: 'rename', items: [{ id: 'n', changes: { name: 'N' } }, { id: 'a', changes: { status: 'completed' }, expectedVersion: 3 }] };
const remove: OutboxEntry = { id: '3', kind: 'delete', action: 'delete', ids: ['a'] };

describe('outbox entries', () => {
  it('lays waiting entries over the confirmed rows, oldest first', () => {
    expect(viewOf('n', undefined, [create, rename])).toMatchObject({ name: 'N', version: 0 });
    expect(viewOf('a', todo('a', 3), [rename])).toMatchObject({ name: 'a', status: 'completed', version: 3 });
    expect(viewOf('a', todo('a', 3), [rename, remove])).toBeUndefined();
    // An update of a row that is gone changes nothing.
    expect(viewOf('a', undefined, [rename])).toBeUndefined();
    expect(viewOf('z', todo('z'), [create, rename, remove])).toEqual(todo('z'));
    expect(keysOf(rename)).toEqual(['n', 'a']);
  });

  it('removes ids from an entry, and says when nothing is left', () => {
    expect(withoutIds(rename, new Set(['a']))).toMatchObject({ items: [{ id: 'n' }] });
    expect(withoutIds(remove, new Set(['a']))).toBeUndefined();
    expect(withoutIds(create, new Set(['x']))).toEqual(create);
  });

  it("moves later edits' expected versions to the versions of this client's own stored writes", () => {
    const later: OutboxEntry = { id: '4', kind: 'update', action: 'x', items: [{ id: 'a', changes: { name: 'b' }, expectedVersion: 3 }] };
    const untouched: OutboxEntry = { id: '5', kind: 'update', action: 'x', items: [{ id: 'b', changes: { name: 'b' }, expectedVersion: 3 }] };
    const entries = [later, untouched, remove];
    expect(rebase(entries, [todo('a', 4)])).toEqual([{ ...later, items: [{ id: 'a', changes: { name: 'b' }, expectedVersion: 4 }] }]);
    expect(entries[0]).toMatchObject({ items: [{ expectedVersion: 4 }] });
    expect(entries[1]).toBe(untouched);
    expect(rebase(entries, [todo('a', 4)])).toEqual([]);
  });

  it('drops expectedVersion of the conflicting updates only (all when the server named none)', () => {
    expect(withoutExpectedVersion(rename, new Set(['a']))).toMatchObject({ items: [{ id: 'n' }, { id: 'a', changes: { status: 'completed' } }] });
    const resend = withoutExpectedVersion(rename, undefined);
    expect(resend.kind === 'update' && resend.items.every((item) => item.expectedVersion === undefined)).toBe(true);
    expect(withoutExpectedVersion(remove, undefined)).toBe(remove);
  });
});
