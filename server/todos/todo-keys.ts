/**
 * How todos map onto the generic table keys: one partition per owner, one sort key
 * per todo. Ids are UUIDv7 from our clients, so sort-key order is creation order.
 */
import { InvalidCursorError } from './todo-errors';

const OWNER_PREFIX = 'OWNER#';
const TODO_PREFIX = 'TODO#';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ownerPartitionKey = (ownerId: string): string => `${OWNER_PREFIX}${ownerId}`;
export const todoSortKey = (id: string): string => `${TODO_PREFIX}${id}`;
export const TODO_SORT_KEY_PREFIX = TODO_PREFIX;

/**
 * The cursor carries only the last sort key; the partition key is rebuilt from the
 * caller's own owner id, so a cursor can never reach into another owner's partition.
 */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sortKey.startsWith(TODO_PREFIX) || !UUID_PATTERN.test(sortKey.slice(TODO_PREFIX.length))) {
    throw new InvalidCursorError();
  }
  return sortKey;
}
