/**
 * The change feed's cursor and how it moves (decision 042).
 *
 * Every write stamps its item with a change key `<ISO time>#<id>`, taken from the writing
 * Lambda's clock when the request started. Keys are therefore not written in key order: a
 * slow write (or one from an instance whose clock is a little behind) can appear with a key
 * below one a reader has already passed. Such a write is visible at most SETTLE_MS after
 * its key's time (the invocation's 10 s timeout bounds the write; clock skew and index
 * propagation add the rest). So the cursor keeps two positions:
 *
 * - `settled`: every change with a key at or below it has been returned. It never passes
 *   the horizon `now - SETTLE_MS` of the read that covered it, so nothing can still appear
 *   below it.
 * - `position`: where the next page starts while following `hasMore` through a backlog.
 *
 * A finished read (no more pages) sets `position` back to `settled`, so the next poll reads
 * the last SETTLE_MS again: a change may be returned more than once (clients keep the
 * higher version), but none is ever skipped. An idle poll past that window returns nothing.
 */
import { TOMBSTONE_RETENTION_DAYS } from '../../shared/limits';
import { InvalidCursorError } from './todo-errors';

/** How late a write may become visible after its key's time; see above. */
export const SETTLE_MS = 15_000;

export interface ChangeCursor {
  settled: string;
  position: string;
}

const TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const POSITION_PATTERN = new RegExp(`^${TIME}(#${UUID})?$`, 'i');

/** The change key a write stamps on its item. */
export const changeKey = (timestamp: string, id: string): string => `${timestamp}#${id}`;

/** The time part of a position (a change key or a bare time). */
export const positionTime = (position: string): number => Date.parse(position.slice(0, 24));

/** The position nothing can still appear below, as seen from `now`. */
export const horizon = (now: Date, settleMs = SETTLE_MS): string => new Date(now.getTime() - settleMs).toISOString();

export function encodeChangeCursor({ settled, position }: ChangeCursor): string {
  return Buffer.from(settled === position ? settled : `${settled}|${position}`, 'utf8').toString('base64url');
}

export function decodeChangeCursor(cursor: string): ChangeCursor {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [settled = '', position = settled] = parts;
  const valid =
    parts.length <= 2 &&
    POSITION_PATTERN.test(settled) &&
    POSITION_PATTERN.test(position) &&
    !Number.isNaN(positionTime(settled)) &&
    settled <= position;
  if (!valid) throw new InvalidCursorError('change');
  return { settled, position };
}

/**
 * The cursor after one page read from `cursor.position` at a time whose horizon is
 * `horizonKey`. `lastKey` is the key of the page's last change when more pages follow.
 */
export function advanceChangeCursor(cursor: ChangeCursor, horizonKey: string, lastKey: string | undefined): ChangeCursor {
  let { settled } = cursor;
  // Only a read that starts at `settled` covers the keys right above it; one that starts
  // further on (a later page of a backlog) leaves a gap below it that is re-read later.
  if (settled === cursor.position) {
    const reached = lastKey === undefined || lastKey > horizonKey ? horizonKey : lastKey;
    if (reached > settled) settled = reached;
  }
  return { settled, position: lastKey ?? settled };
}

const TOMBSTONE_RETENTION_MS = TOMBSTONE_RETENTION_DAYS * 86_400_000;
/** A cursor this close to the tombstone horizon is treated as past it: clocks differ a little. */
const EXPIRY_MARGIN_MS = 3_600_000;

/** True when the cursor is older than the tombstone horizon: deletes after it may be gone. */
export function isExpired(cursor: { settled: string }, now: Date): boolean {
  return now.getTime() - positionTime(cursor.settled) >= TOMBSTONE_RETENTION_MS - EXPIRY_MARGIN_MS;
}
