/** Outbox entries as data: what the user sees over the confirmed rows, partial removal, rebasing, conflict resend. */
import { describe, expect, it } from 'vitest';
import { TODO_CONTENT_FIELDS, type Todo, type TodoChanges } from '../../../../shared/todo';
import { keysOf, rebase, viewOf, withoutExpectedVersion, withoutIds, type OutboxEntry as AnyEntry } from './outbox-entries';
import { TEST_LIST_ID } from '../../testing/test-list';

type Entry = AnyEntry<Todo, TodoChanges>;

const todo = (id: string, version = 1, name = id): Todo => ({ id, listId: TEST_LIST_ID, name, status: 'pending', createdAt: 't', updatedAt: 't', version });

const create: Entry = { id: '1', kind: 'create', action: 'add', rows: [todo('n', 0)] };
const rename: Entry = { id: '2', kind: 'update', action: 'rename', items: [{ id: 'n', changes: { name: 'N' } }, { id: 'a', changes: { status: 'completed' }, expectedVersion: 3 }] };
const remove: Entry = { id: '3', kind: 'delete', action: 'delete', ids: ['a'] };

describe('outbox entries', () => {
  it('lays waiting entries over the confirmed rows, oldest first', () => {
    expect(viewOf('n', undefined, [create, rename], TODO_CONTENT_FIELDS)).toMatchObject({ name: 'N', version: 0 });
    expect(viewOf('a', todo('a', 3), [rename], TODO_CONTENT_FIELDS)).toMatchObject({ name: 'a', status: 'completed', version: 3 });
    expect(viewOf('a', todo('a', 3), [rename, remove], TODO_CONTENT_FIELDS)).toBeUndefined();
    // An update of a row that is gone changes nothing.
    expect(viewOf<Todo, TodoChanges>('a', undefined, [rename], TODO_CONTENT_FIELDS)).toBeUndefined();
    expect(viewOf('z', todo('z'), [create, rename, remove], TODO_CONTENT_FIELDS)).toEqual(todo('z'));
    expect(keysOf(rename)).toEqual(['n', 'a']);
  });

  it('removes ids from an entry, and says when nothing is left', () => {
    expect(withoutIds(rename, new Set(['a']))).toMatchObject({ items: [{ id: 'n' }] });
    expect(withoutIds(remove, new Set(['a']))).toBeUndefined();
    expect(withoutIds(create, new Set(['x']))).toEqual(create);
  });

  it("moves later edits' expected versions to the versions of this client's own stored writes", () => {
    const later: Entry = { id: '4', kind: 'update', action: 'x', items: [{ id: 'a', changes: { name: 'b' }, expectedVersion: 3 }] };
    const untouched: Entry = { id: '5', kind: 'update', action: 'x', items: [{ id: 'b', changes: { name: 'b' }, expectedVersion: 3 }] };
    const entries = [later, untouched, remove];
    expect(rebase(entries, [todo('a', 4)])).toEqual([{ ...later, items: [{ id: 'a', changes: { name: 'b' }, expectedVersion: 4 }] }]);
    expect(entries[0]).toMatchObject({ items: [{ expectedVersion: 4 }] });
    expect(entries[1]).toBe(untouched);
    expect(rebase(entries, [todo('a', 4)])).toEqual([]);
  });

  it('drops expectedVersion of the conflicting updates only (all when the server named none)', () => {
    expect(withoutExpectedVersion(rename, new Set(['a']))).toMatchObject({ items: [{ id: 'n' }, { id: 'a', changes: { status: 'completed' } }] });
    const resend = withoutExpectedVersion<Entry>(rename, undefined);
    expect(resend.kind === 'update' && resend.items.every((item) => item.expectedVersion === undefined)).toBe(true);
    expect(withoutExpectedVersion(remove, undefined)).toBe(remove);
  });
});
