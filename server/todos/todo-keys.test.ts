/** Key shapes and the opaque list cursor: a cursor can only ever point at a todo sort key. */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './todo-errors';
import { decodeCursor, encodeCursor, listIndexStartKey, ownerPartitionKey, todoIdOf, todoKey, TODO_SORT_KEY_PREFIX, todoSortKey } from './todo-keys';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('todo keys', () => {
  it('put each owner in its own partition and each todo under TODO#', () => {
    expect(ownerPartitionKey('local:ann')).toBe('OWNER#local:ann');
    expect(todoSortKey('x')).toBe('TODO#x');
    expect(TODO_SORT_KEY_PREFIX).toBe('TODO#');
    expect(todoKey(ownerPartitionKey('local:ann'), 'x')).toEqual({ pk: 'OWNER#local:ann', sk: 'TODO#x' });
    expect(todoKey('LIST#l', 'x')).toEqual({ pk: 'LIST#l', sk: 'TODO#x' });
  });

  it('read the id back from a sort key, and resume a list-index page from a sort key', () => {
    const id = uuidv7();
    expect(todoIdOf(todoSortKey(id))).toBe(id);
    expect(listIndexStartKey(ownerPartitionKey('local:ann'), todoSortKey(id))).toEqual({ pk: 'OWNER#local:ann', sk: `TODO#${id}`, id });
  });

  it('round-trip a sort key through a base64url cursor', () => {
    const sortKey = todoSortKey(uuidv7());
    const cursor = encodeCursor(sortKey);
    expect(cursor).toBe(b64(sortKey));
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ after: sortKey });
  });

  it.each([
    ['another prefix', `QUOTA#${uuidv7()}`],
    ['no uuid', 'TODO#not-a-uuid'],
    ['text before the uuid', `TODO#x${uuidv7()}`],
    ['text after the uuid', `TODO#${uuidv7()}x`],
    ['an empty key', ''],
  ])('refuse a cursor with %s', (_what, sortKey) => {
    expect(() => decodeCursor(b64(sortKey))).toThrow(InvalidCursorError);
  });
});
