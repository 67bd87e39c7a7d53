/**
 * A todo's fields, from its schema (shared/todo.ts) and nowhere else: what a stored item returns,
 * what a create writes and a retry compares, what an update may set and what a delete removes.
 * Adding a field to the schema is all the server needs (decision 094): the change feed reads
 * whole items (server/dynamodb/change-index.ts) and the list index projects all attributes.
 */
import { TODO_CONTENT_FIELDS, TODO_FIELDS, type NewTodo, type Todo, type TodoChanges } from '../../shared/todo';
import { pickFields } from '../../shared/fields';
import type { StoredItem } from '../dynamodb/write-atomically';

/** The fields a stored item holds: all but `listId`, which follows from the partition. */
const STORED_FIELDS = TODO_FIELDS.filter((field) => field !== 'listId');

/** What a create stores for a field the person left out. */
const DEFAULTS: Partial<Record<keyof TodoChanges, unknown>> = { status: 'pending' };

/** Fields a delete removes from the item: all but the version and time its tombstone keeps. */
export const FIELDS_REMOVED_BY_DELETE = STORED_FIELDS.filter((field) => field !== 'version' && field !== 'updatedAt');

/**
 * A stored item as the API returns it. Its list follows from where it is stored (todos from
 * before lists have no `listId` attribute and need none: decision 093).
 */
export function toTodo(item: StoredItem, listId: string): Todo {
  return { ...pickFields(item as Partial<Todo>, STORED_FIELDS), listId } as Todo;
}

/** The content a create stores (defaults filled in). */
export function contentOf(todo: NewTodo): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const field of TODO_CONTENT_FIELDS) {
    const value = todo[field] ?? DEFAULTS[field];
    if (value !== undefined) content[field] = value;
  }
  return content;
}

/** True when `item` holds exactly this content: a create retried after it landed. */
export function sameContent(item: StoredItem, content: Record<string, unknown>): boolean {
  return TODO_CONTENT_FIELDS.every((field) => item[field] === content[field]);
}

/**
 * What a list page reads of each stored todo: its fields (those `toTodo` returns), not the keys
 * and index attributes around them (about half of each item). DynamoDB charges the whole item
 * either way; the saving is in the response the function parses, about half the handler's CPU
 * for a page (decision 104). `#f0`… because `name` and `status` are reserved words.
 */
export const TODO_LIST_PROJECTION = {
  expression: STORED_FIELDS.map((_, index) => `#f${index}`).join(', '),
  names: Object.fromEntries(STORED_FIELDS.map((field, index) => [`#f${index}`, field])),
};

/** What the change feed reads of a stored todo or tombstone. */
export const TODO_FEED_FIELDS: readonly string[] = [...STORED_FIELDS, 'deleted'];
