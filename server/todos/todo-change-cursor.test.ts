import { describe, expect, it } from 'vitest';
import {
  advanceChangeCursor,
  changeKey,
  decodeChangeCursor,
  encodeChangeCursor,
  horizon,
  positionTime,
  SETTLE_MS,
} from './todo-change-cursor';
import { InvalidCursorError } from './todo-errors';

const ID = '0195d2a4-5a5b-7c3d-8e9f-0a1b2c3d4e5f';
const T1 = '2026-11-26T10:00:00.000Z';
const T2 = '2026-11-26T10:00:05.000Z';
const T3 = '2026-11-26T10:00:09.000Z';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('change keys and horizon', () => {
  it('orders by write time, then id, and a bare time sorts before every key of that millisecond', () => {
    expect(changeKey(T1, ID)).toBe(`${T1}#${ID}`);
    expect(T1 < changeKey(T1, ID)).toBe(true);
    expect(changeKey(T1, ID) < T2).toBe(true);
    expect(positionTime(changeKey(T2, ID))).toBe(Date.parse(T2));
  });

  it('lies SETTLE_MS (15 s) behind now', () => {
    expect(SETTLE_MS).toBe(15_000);
    expect(horizon(new Date(T2))).toBe('2026-11-26T09:59:50.000Z');
    expect(horizon(new Date(T2), 5000)).toBe(T1);
  });
});

describe('encode and decode', () => {
  it('round-trips, with one position when both are equal', () => {
    const same = { settled: T1, position: T1 };
    expect(encodeChangeCursor(same)).toBe(b64(T1));
    expect(decodeChangeCursor(encodeChangeCursor(same))).toEqual(same);
    const apart = { settled: T1, position: changeKey(T2, ID) };
    expect(encodeChangeCursor(apart)).toBe(b64(`${T1}|${T2}#${ID}`));
    expect(decodeChangeCursor(encodeChangeCursor(apart))).toEqual(apart);
  });

  it.each([
    ['empty', ''],
    ['not a time', b64('yesterday')],
    ['a time with a date only', b64('2026-11-26')],
    ['a key with a bad id', b64(`${T1}#not-a-uuid`)],
    ['text around a time', b64(`x${T1}`)],
    ['three parts', b64(`${T1}|${T2}|${T3}`)],
    ['settled after position', b64(`${T2}|${T1}`)],
    ['an impossible date', b64('2026-13-45T10:00:00.000Z')],
    ['a list cursor', b64(`TODO#${ID}`)],
  ])('rejects %s as a client error', (_name, cursor) => {
    expect(() => decodeChangeCursor(cursor)).toThrow(InvalidCursorError);
    expect(() => decodeChangeCursor(cursor)).toThrow('Invalid change cursor');
  });
});

describe('advanceChangeCursor', () => {
  const key = (time: string) => changeKey(time, ID);

  it('settles up to the horizon when a read from the settled point finishes', () => {
    expect(advanceChangeCursor({ settled: T1, position: T1 }, T2, undefined)).toEqual({ settled: T2, position: T2 });
  });

  it('never moves back when the horizon is behind the cursor (a reader with a slower clock)', () => {
    expect(advanceChangeCursor({ settled: T2, position: T2 }, T1, undefined)).toEqual({ settled: T2, position: T2 });
  });

  it('follows a backlog below the horizon with both positions', () => {
    expect(advanceChangeCursor({ settled: T1, position: T1 }, T3, key(T2))).toEqual({ settled: key(T2), position: key(T2) });
  });

  it('stops settling at the horizon while a backlog continues above it', () => {
    expect(advanceChangeCursor({ settled: T1, position: T1 }, T2, key(T3))).toEqual({ settled: T2, position: key(T3) });
  });

  it('does not settle a read that started above the settled point, and re-reads from there when done', () => {
    const ahead = { settled: T1, position: key(T2) };
    expect(advanceChangeCursor(ahead, T3, key(T3))).toEqual({ settled: T1, position: key(T3) });
    expect(advanceChangeCursor(ahead, T3, undefined)).toEqual({ settled: T1, position: T1 });
  });
});
