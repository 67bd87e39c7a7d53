/**
 * How todos map onto the generic table keys: one partition per list, one sort key per todo.
 * Ids are UUIDv7 from our clients, so sort-key order is creation order. A person's default list
 * keeps the partition todos had before lists existed (`OWNER#<user id>`), so no todo moved when
 * lists came (decision 093); every other list's todos are in `LIST#<list id>`, next to its head
 * and members (server/lists/list-keys.ts).
 */
import { LIST_INDEX_KEY, PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { InvalidCursorError } from './todo-errors';

const OWNER_PREFIX = 'OWNER#';
const TODO_PREFIX = 'TODO#';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a list's todos are: the list's id (for rows) and its todo partition (for keys). */
export interface TodoListRef {
  listId: string;
  partition: string;
}

/** The partition of a person's default list: the one their todos had before lists. */
export const ownerPartitionKey = (ownerId: string): string => `${OWNER_PREFIX}${ownerId}`;
export const todoSortKey = (id: string): string => `${TODO_PREFIX}${id}`;
export const TODO_SORT_KEY_PREFIX = TODO_PREFIX;

/** The table key of one todo in a list's todo partition. */
export function todoKey(partition: string, id: string): Record<string, string> {
  return { [PARTITION_KEY]: partition, [SORT_KEY]: todoSortKey(id) };
}

/** The todo id a sort key names (tombstones keep no `id` attribute, only their key). */
export function todoIdOf(sortKey: string): string {
  return sortKey.slice(TODO_PREFIX.length);
}

/**
 * Where a list page read from the list index (decision 060) resumes: that index's key
 * (`pk`, `id`) plus the table's key, all of which follow from the owner and the sort key.
 */
export function listIndexStartKey(partition: string, sortKey: string): Record<string, string> {
  return { ...todoKey(partition, todoIdOf(sortKey)), [LIST_INDEX_KEY]: todoIdOf(sortKey) };
}

/**
 * Where a list read stands: after `after` (a todo sort key), and, for one of the key ranges a
 * split first page hands out (list-segments.ts), up to and including the id `until`.
 */
export interface ListPosition {
  after: string;
  until?: string;
}

/** Separates the two keys of a bounded cursor: neither a sort key nor a UUID contains a space. */
const UNTIL_SEPARATOR = ' ';

/**
 * The cursor carries only sort keys; the partition key comes from the list the caller was
 * authorized for, so a cursor can never reach into another list's partition.
 */
export function encodeCursor(position: ListPosition | string): string {
  const { after, until } = typeof position === 'string' ? { after: position, until: undefined } : position;
  return Buffer.from(until === undefined ? after : `${after}${UNTIL_SEPARATOR}${until}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  const [after = '', until, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(UNTIL_SEPARATOR);
  const isTodoSortKey = after.startsWith(TODO_PREFIX) && UUID_PATTERN.test(after.slice(TODO_PREFIX.length));
  if (!isTodoSortKey || rest.length > 0 || (until !== undefined && (!UUID_PATTERN.test(until) || until <= todoIdOf(after)))) {
    throw new InvalidCursorError();
  }
  return until === undefined ? { after } : { after, until };
}
