/** The version rules: a change counts only when newer; tombstones keep late copies from bringing rows back. */
import { describe, expect, it } from 'vitest';
import { TODO_FIELDS, type Todo, type TodoChange } from '../../../../shared/todo';
import { applyChanges, applyDeleted, applyStored, emptySyncedRows } from './synced-rows';
import { TEST_LIST_ID } from '../../testing/test-list';

const todo = (id: string, version: number, name = `${id} v${version}`): Todo => ({
  id,
  listId: TEST_LIST_ID,
  name,
  status: 'pending',
  createdAt: 't0',
  updatedAt: `t${version}`,
  version,
});
const changed = (row: Todo): TodoChange => ({ ...row, deleted: false });
const tombstone = (id: string, version: number): TodoChange => ({ id, listId: TEST_LIST_ID, version, updatedAt: 'tx', deleted: true });

describe('synced rows', () => {
  it('applies newer versions, ignores repeated and older ones (overlap window), oldest first', () => {
    const rows = emptySyncedRows<Todo>();
    rows.confirmed.set('a', todo('a', 2));
    const applied = applyChanges(rows, [changed(todo('a', 1)), changed(todo('a', 2, 'same version')), changed(todo('a', 3)), changed(todo('b', 1)), changed(todo('b', 2))], TODO_FIELDS);
    expect(rows.confirmed.get('a')?.version).toBe(3);
    expect(rows.confirmed.get('b')?.version).toBe(2);
    expect([...applied.upserted.values()].map((t) => `${t.id}${t.version}`)).toEqual(['a3', 'b2']);
    expect(applied.upserted.get('a')).not.toHaveProperty('deleted');
    expect(applyChanges(rows, [changed(todo('a', 3))], TODO_FIELDS).upserted.size).toBe(0);
  });

  it('keeps every field of the schema a change carries: a field added to the todo reaches other devices', () => {
    const rows = emptySyncedRows<Todo>();
    const full: Todo = { ...todo('a', 1), listId: 'list-1' };
    // Every schema field is set, so a field the feed dropped would show as missing here.
    expect(Object.keys(full).sort()).toEqual([...TODO_FIELDS].sort());
    const applied = applyChanges(rows, [changed(full)], TODO_FIELDS);
    expect(applied.upserted.get('a')).toEqual(full);
    expect(rows.confirmed.get('a')).toEqual(full);
  });

  it('deletes on a tombstone and does not let an older copy of the row bring it back', () => {
    const rows = emptySyncedRows<Todo>();
    rows.confirmed.set('a', todo('a', 2));
    const applied = applyChanges(rows, [tombstone('a', 3), changed(todo('a', 2)), changed(todo('x', 1)), tombstone('x', 2)], TODO_FIELDS);
    expect(rows.confirmed.has('a')).toBe(false);
    expect(rows.confirmed.has('x')).toBe(false);
    expect([...applied.deleted]).toEqual([['a', 3], ['x', 2]]);
    expect(applied.upserted.size).toBe(0);
    // An absent row with an unknown id is applied.
    expect(applyChanges(rows, [changed(todo('new', 1))], TODO_FIELDS).upserted.has('new')).toBe(true);
  });

  it("takes this client's write answers unless the feed already has a newer version", () => {
    const rows = emptySyncedRows<Todo>();
    rows.confirmed.set('a', todo('a', 5));
    expect(applyStored(rows, [todo('a', 4), todo('b', 1)]).map((t) => t.id)).toEqual(['b']);
    expect(applyStored(rows, [todo('a', 5, 'answer')])[0]?.name).toBe('answer');
  });

  it('remembers own deletes as tombstones one version above the row, and lets a re-create (Undo) through', () => {
    const rows = emptySyncedRows<Todo>();
    rows.confirmed.set('a', todo('a', 4));
    expect([...applyDeleted(rows, ['a', 'never-confirmed'])]).toEqual([['a', 5], ['never-confirmed', 1]]);
    expect(applyChanges(rows, [changed(todo('a', 4))], TODO_FIELDS).upserted.size).toBe(0);
    expect(applyStored(rows, [todo('a', 1)], { created: true })).toHaveLength(1);
    expect(rows.gone.has('a')).toBe(false);
  });
});
