/**
 * The input schemas as a client meets them: what is accepted (and how it is
 * normalized), and for what is refused, the exact path and message the API returns
 * (bad input gets a clear 4xx naming the field, in words a person can act on).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  LIST_CURSOR_MAX_LENGTH,
  LIST_SPLIT_MAX,
  LIST_PAGE_SIZE_MAX,
  MAX_ITEMS_PER_WRITE,
  TODO_NAME_MAX_JSON_BYTES,
  TODO_NAME_MAX_LENGTH,
  TODO_NAME_MAX_PAYLOAD_BYTES,
  TODO_NAME_MAX_UTF8_BYTES,
} from './limits';
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
    ['lone \ud83d high half', 'Must not contain broken characters (half of a surrogate pair)'],
    ['lone \ude00 low half', 'Must not contain broken characters (half of a surrogate pair)'],
    ['halves in the wrong order \ude00\ud83d', 'Must not contain broken characters (half of a surrogate pair)'],
    ['ends with a high half \ud83d', 'Must not contain broken characters (half of a surrogate pair)'],
  ])('refuses %j with a clear message', (input, message) => {
    expect(issues(todoNameSchema, input)).toEqual([['', message]]);
  });

  it('names the field of a broken name in a write', () => {
    expect(issues(createTodosInputSchema, { items: [{ name: 'ok' }, { name: 'x\ud800' }] })).toEqual([
      ['items.1.name', 'Must not contain broken characters (half of a surrogate pair)'],
    ]);
    expect(issues(updateTodosInputSchema, { items: [{ id: ID, changes: { name: '\udfff' } }] })).toEqual([
      ['items.0.changes.name', 'Must not contain broken characters (half of a surrogate pair)'],
    ]);
  });

  it('accepts characters outside the Basic Multilingual Plane (a whole surrogate pair)', () => {
    expect(z.parse(todoNameSchema, 'Party 🎉 𝄞')).toBe('Party 🎉 𝄞');
    expect(z.parse(todoNameSchema, '🎉'.repeat(TODO_NAME_MAX_LENGTH / 2))).toHaveLength(TODO_NAME_MAX_LENGTH);
  });
});

describe('the size of a valid name in bytes', () => {
  const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
  /** Bytes in a JSON response body, without the quotes. */
  const inJson = (text: string) => utf8(JSON.stringify(text)) - 2;
  /** Bytes in Lambda's response payload, where the body is a JSON string itself. */
  const inPayload = (text: string) => utf8(JSON.stringify(JSON.stringify(text))) - 6;

  it('is at most 3 bytes per code unit in UTF-8 and JSON, and 4 in the function payload, for every code point', () => {
    const worst = { utf8: 0, json: 0, payload: 0 };
    let valid = 0;
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const character = String.fromCodePoint(codePoint);
      // Inside a name, so that spaces (trimmed at the ends) count too.
      if (!z.safeParse(todoNameSchema, `a${character}a`).success) continue;
      valid++;
      worst.utf8 = Math.max(worst.utf8, utf8(character) / character.length);
      worst.json = Math.max(worst.json, inJson(character) / character.length);
      worst.payload = Math.max(worst.payload, inPayload(character) / character.length);
    }
    expect(worst).toEqual({ utf8: 3, json: 3, payload: 4 });
    // Everything but the 65 control characters and the 2,048 surrogate halves is a valid character.
    expect(valid).toBe(0x110000 - 65 - 2048);
  });

  it('so a name at the length limit takes at most the bounds in limits.ts, which the worst names reach', () => {
    expect(utf8('€'.repeat(TODO_NAME_MAX_LENGTH))).toBe(TODO_NAME_MAX_UTF8_BYTES);
    expect(utf8(JSON.stringify('€'.repeat(TODO_NAME_MAX_LENGTH)))).toBe(TODO_NAME_MAX_JSON_BYTES);
    expect(inPayload('\\'.repeat(TODO_NAME_MAX_LENGTH))).toBe(TODO_NAME_MAX_PAYLOAD_BYTES);
    expect(inPayload('"'.repeat(TODO_NAME_MAX_LENGTH))).toBe(TODO_NAME_MAX_PAYLOAD_BYTES);
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
    [{ split: 1 }, [['split', 'Must be at least 2']]],
    [{ split: LIST_SPLIT_MAX + 1 }, [['split', `Must be at most ${LIST_SPLIT_MAX}`]]],
    [{ split: 2.5 }, [['split', 'Must be an integer']]],
    [{ split: 4, cursor: 'c' }, [['split', 'Only a first page (no cursor) can split the list']]],
  ])('refuses %j', (input, expected) => {
    expect(issues(listTodosInputSchema, input)).toEqual(expected);
  });

  it('splits a first page only', () => {
    expect(issues(listTodosInputSchema, { split: LIST_SPLIT_MAX, limit: 10 })).toEqual([]);
  });

  it('accepts no input at all', () => {
    expect(issues(listTodosInputSchema, undefined)).toEqual([]);
  });
});

