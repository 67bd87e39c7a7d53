/**
 * The input schemas as a client meets them: what is accepted (and how it is
 * normalized), and for what is refused, the exact path and message the API returns
 * (bad input gets a clear 4xx naming the field, in words a person can act on).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { LIST_CURSOR_MAX_LENGTH, LIST_PAGE_SIZE_MAX, MAX_ITEMS_PER_WRITE, TODO_NAME_MAX_LENGTH } from './limits';
import {
  createTodosInputSchema,
  deleteTodosInputSchema,
  listTodosInputSchema,
  todoNameSchema,
  updateTodosInputSchema,
} from './todo';

const ID = '01a2183b-40c3-707c-a7c3-eb806c9e1031';
const OTHER_ID = '01a2183b-40c3-707c-a7c3-eb806c9e1032';

function issues(schema: z.ZodMiniType, input: unknown): [string, string][] {
  const result = z.safeParse(schema, input);
  if (result.success) return [];
  return result.error.issues.map((issue) => [issue.path.map(String).join('.'), issue.message]);
}

describe('names', () => {
  it('are trimmed before they are checked', () => {
    expect(z.parse(todoNameSchema, '  Walk the dog \t')).toBe('Walk the dog');
    expect(issues(todoNameSchema, '   ')).toEqual([['', 'Must not be empty']]);
    expect(z.parse(todoNameSchema, ` ${'x'.repeat(TODO_NAME_MAX_LENGTH)} `)).toHaveLength(TODO_NAME_MAX_LENGTH);
  });

  it.each([
    [42, 'Must be a string'],
    ['', 'Must not be empty'],
    ['x'.repeat(TODO_NAME_MAX_LENGTH + 1), `Must be at most ${TODO_NAME_MAX_LENGTH} characters`],
    ['a\u0007bell', 'Must not contain control characters'],
  ])('refuses %j with a clear message', (input, message) => {
    expect(issues(todoNameSchema, input)).toEqual([['', message]]);
  });
});

describe('create input', () => {
  it.each([
    [{ items: [] }, [['items', 'Must contain at least one entry']]],
    [{ items: Array.from({ length: MAX_ITEMS_PER_WRITE + 1 }, () => ({ name: 'a' })) }, [['items', `Must contain at most ${MAX_ITEMS_PER_WRITE} entries per call`]]],
    [{ items: 'x' }, [['items', 'Must be an array']]],
    [{ items: [{ id: ID, name: 'a' }, { id: ID, name: 'b' }] }, [['items', 'Each id may appear only once per call']]],
    [{ items: [{ id: 'abc', name: 'a' }] }, [['items.0.id', 'Must be a UUID']]],
    [{ items: [{ name: 'a', status: 'done' }] }, [['items.0.status', 'Must be one of: pending, completed']]],
  ])('refuses %j', (input, expected) => {
    expect(issues(createTodosInputSchema, input)).toEqual(expected);
  });

  it('accepts items without ids (the server assigns them) and repeated names', () => {
    expect(issues(createTodosInputSchema, { items: [{ name: 'a' }, { name: 'a' }] })).toEqual([]);
  });
});

describe('update input', () => {
  it.each([
    [{ items: [{ id: ID, changes: {} }] }, [['items.0.changes', 'Nothing to change']]],
    [{ items: [{ id: ID, changes: { name: 'a' }, expectedVersion: 1.5 }] }, [['items.0.expectedVersion', 'Must be an integer']]],
    [{ items: [{ id: ID, changes: { name: 'a' }, expectedVersion: 0 }] }, [['items.0.expectedVersion', 'Must be at least 1']]],
    [
      { items: [{ id: ID, changes: { name: 'a' } }, { id: ID, changes: { status: 'completed' } }] },
      [['items', 'Each id may appear only once per call']],
    ],
  ])('refuses %j', (input, expected) => {
    expect(issues(updateTodosInputSchema, input)).toEqual(expected);
  });

  it('accepts one change per id and trims names', () => {
    const parsed = z.parse(updateTodosInputSchema, { items: [{ id: ID, changes: { name: ' b ' } }, { id: OTHER_ID, changes: { status: 'completed' } }] });
    expect(parsed.items[0]?.changes.name).toBe('b');
  });
});

describe('delete input', () => {
  it('refuses an id twice and accepts distinct ids', () => {
    expect(issues(deleteTodosInputSchema, { ids: [ID, ID] })).toEqual([['ids', 'Each id may appear only once per call']]);
    expect(issues(deleteTodosInputSchema, { ids: [ID, OTHER_ID] })).toEqual([]);
  });
});

describe('list input', () => {
  it.each([
    [{ limit: 0 }, [['limit', 'Must be at least 1']]],
    [{ limit: LIST_PAGE_SIZE_MAX + 1 }, [['limit', `Must be at most ${LIST_PAGE_SIZE_MAX}`]]],
    [{ limit: 2.5 }, [['limit', 'Must be an integer']]],
    [{ cursor: 7 }, [['cursor', 'Must be a string']]],
    [{ cursor: 'c'.repeat(LIST_CURSOR_MAX_LENGTH + 1) }, [['cursor', 'Not a valid cursor']]],
  ])('refuses %j', (input, expected) => {
    expect(issues(listTodosInputSchema, input)).toEqual(expected);
  });

  it('accepts no input at all', () => {
    expect(issues(listTodosInputSchema, undefined)).toEqual([]);
  });
});

