import { describe, expect, it } from 'vitest';
import { pickFields, sameFields } from './fields';
import { TODO_CONTENT_FIELDS, TODO_FIELDS, type Todo } from './todo';

const row: Todo = {
  id: '01a24864-6011-7162-b4f6-7eaccc602a8a',
  listId: '01a24864-6011-7162-b4f6-7eaccc602a8b',
  name: 'Buy milk',
  status: 'pending',
  createdAt: '2026-12-05T00:00:00.000Z',
  updatedAt: '2026-12-05T00:00:01.000Z',
  version: 2,
};

describe('a todo’s field lists', () => {
  it('are its schema’s fields', () => {
    expect([...TODO_FIELDS].sort()).toEqual(['createdAt', 'id', 'listId', 'name', 'status', 'updatedAt', 'version']);
    expect([...TODO_CONTENT_FIELDS].sort()).toEqual(['name', 'status']);
  });
});

describe('pickFields', () => {
  it('takes the listed fields that are set, and nothing else', () => {
    expect(pickFields({ ...row, deleted: false }, TODO_FIELDS)).toEqual(row);
    // An optional field left out stays out (not copied as undefined).
    expect(pickFields({ name: 'x', status: undefined }, TODO_CONTENT_FIELDS)).toStrictEqual({ name: 'x' });
  });
});

describe('sameFields', () => {
  it('is true only when every listed field is equal', () => {
    expect(sameFields(row, { ...row }, TODO_FIELDS)).toBe(true);
    for (const field of TODO_FIELDS) {
      const other: Todo = { ...row, [field]: field === 'version' ? 3 : 'other' };
      expect(sameFields(row, other, TODO_FIELDS), field).toBe(false);
    }
    // Fields outside the list do not count.
    expect(sameFields(row, { ...row, name: 'other' }, ['id', 'version'])).toBe(true);
  });
});
