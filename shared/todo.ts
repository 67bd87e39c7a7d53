/**
 * The todo model shared by server and clients. Built with `zod/mini` rather than `zod`:
 * the same validation at ~13 KB instead of ~440 KB, which matters for Lambda cold start
 * and for the browser bundle.
 */
import * as z from 'zod/mini';
import {
  CHANGES_CURSOR_MAX_LENGTH,
  CHANGES_PAGE_SIZE_MAX,
  LIST_CURSOR_MAX_LENGTH,
  LIST_PAGE_SIZE_MAX,
  MAX_ITEMS_PER_WRITE,
  TODO_NAME_MAX_LENGTH,
} from './limits';

export const TODO_STATUSES = ['pending', 'completed'] as const;
export const todoStatusSchema = z.enum(TODO_STATUSES, `Must be one of: ${TODO_STATUSES.join(', ')}`);
export type TodoStatus = z.infer<typeof todoStatusSchema>;

/** Any RFC 9562 UUID. Clients should send v7 ids: they sort by creation time, and list order is id order. */
export const todoIdSchema = z.uuid('Must be a UUID');
export type TodoId = z.infer<typeof todoIdSchema>;

/**
 * Names are trimmed before the length check, so "   " is empty and rejected. With control
 * characters and lone surrogates refused, a valid name's size in bytes is bounded too
 * (TODO_NAME_MAX_UTF8_BYTES, TODO_NAME_MAX_JSON_BYTES in limits.ts).
 */
export const todoNameSchema = z
  .string('Must be a string')
  .check(
    z.trim(),
    z.minLength(1, 'Must not be empty'),
    // Control characters would be escaped to 6 bytes each in JSON and have no place in a title.
    z.regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters'),
    // Half of a surrogate pair without its other half is no character at all: JSON escapes it to
    // 6 bytes (\ud800) and UTF-8 cannot encode it. (With the `u` flag, \p{Cs} matches only such
    // lone halves; a well-formed pair such as an emoji is one code point and passes.)
    z.regex(/^\P{Cs}*$/u, 'Must not contain broken characters (half of a surrogate pair)'),
    z.maxLength(TODO_NAME_MAX_LENGTH, `Must be at most ${TODO_NAME_MAX_LENGTH} characters`),
  );

/** A stored todo, as every procedure returns it. */
// Stryker disable next-line ObjectLiteral: equivalent — the schema only gives the `Todo` type; nothing parses with it at run time.
export const todoSchema = z.object({
  id: todoIdSchema,
  name: z.string(),
  status: todoStatusSchema,
  /** ISO-8601 timestamps set by the server. */
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Starts at 1, +1 on every update: the basis for optimistic concurrency (`expectedVersion`). */
  version: z.number(),
});
export type Todo = z.infer<typeof todoSchema>;

/** True when no two entries share a key; used to reject batches that touch one item twice. */
function hasUniqueKeys<T>(items: readonly T[], key: (item: T) => string | undefined): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (value === undefined) continue;
    if (seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

function writeBatch<T extends z.core.SomeType>(item: T, key: (value: z.infer<T>) => string | undefined) {
  return z.array(item, 'Must be an array').check(
    z.minLength(1, 'Must contain at least one entry'),
    z.maxLength(MAX_ITEMS_PER_WRITE, `Must contain at most ${MAX_ITEMS_PER_WRITE} entries per call`),
    z.refine((items) => hasUniqueKeys(items, key), 'Each id may appear only once per call'),
  );
}

export const newTodoSchema = z.strictObject({
  /** Optional: the web client sends its own so the optimistic row and the stored row share one key. */
  id: z.optional(todoIdSchema),
  name: todoNameSchema,
  status: z.optional(todoStatusSchema),
});
export type NewTodo = z.infer<typeof newTodoSchema>;

export const todoChangesSchema = z
  .strictObject({
    name: z.optional(todoNameSchema),
    status: z.optional(todoStatusSchema),
  })
  .check(z.refine((changes) => changes.name !== undefined || changes.status !== undefined, 'Nothing to change'));
export type TodoChanges = z.infer<typeof todoChangesSchema>;

export const todoUpdateSchema = z.strictObject({
  id: todoIdSchema,
  changes: todoChangesSchema,
  /** When given, the update applies only if the stored version still equals it (else CONFLICT). */
  expectedVersion: z.optional(z.int('Must be an integer').check(z.minimum(1, 'Must be at least 1'))),
});
export type TodoUpdate = z.infer<typeof todoUpdateSchema>;

/** Procedure inputs: each is the batch one TanStack DB transaction produces. */
export const createTodosInputSchema = z.strictObject({
  items: writeBatch(newTodoSchema, (item) => item.id),
});
export type CreateTodosInput = z.infer<typeof createTodosInputSchema>;

export const updateTodosInputSchema = z.strictObject({
  items: writeBatch(todoUpdateSchema, (item) => item.id),
});
export type UpdateTodosInput = z.infer<typeof updateTodosInputSchema>;

export const deleteTodosInputSchema = z.strictObject({
  ids: writeBatch(todoIdSchema, (id) => id),
});
export type DeleteTodosInput = z.infer<typeof deleteTodosInputSchema>;

export const listTodosInputSchema = z.optional(
  z.strictObject({
    cursor: z.optional(z.string('Must be a string').check(z.minLength(1), z.maxLength(LIST_CURSOR_MAX_LENGTH, 'Not a valid cursor'))),
    limit: z.optional(
      z
        .int('Must be an integer')
        .check(z.minimum(1, 'Must be at least 1'), z.maximum(LIST_PAGE_SIZE_MAX, `Must be at most ${LIST_PAGE_SIZE_MAX}`)),
    ),
  }),
);
export type ListTodosInput = z.infer<typeof listTodosInputSchema>;

export interface TodoPage {
  items: Todo[];
  /** Pass back as `cursor` for the next page; `null` when this was the last page. */
  nextCursor: string | null;
  /**
   * Where to start reading `todos.changes` after loading the whole list: taken before this
   * page was read, so nothing written during the load is missed. Use the first page's.
   */
  changesCursor: string;
}

export const todoChangesInputSchema = z.strictObject({
  cursor: z
    .string('Must be a string')
    .check(z.minLength(1, 'Not a valid cursor'), z.maxLength(CHANGES_CURSOR_MAX_LENGTH, 'Not a valid cursor')),
  limit: z.optional(
    z
      .int('Must be an integer')
      .check(z.minimum(1, 'Must be at least 1'), z.maximum(CHANGES_PAGE_SIZE_MAX, `Must be at most ${CHANGES_PAGE_SIZE_MAX}`)),
  ),
});
export type TodoChangesInput = z.infer<typeof todoChangesInputSchema>;

/** A todo as the change feed returns it: created or updated after the cursor. */
export type ChangedTodo = Todo & { deleted: false };

/** A deleted todo, kept for TOMBSTONE_RETENTION_DAYS so every device learns of the delete. */
export interface TodoTombstone {
  id: string;
  /** One more than the last version the todo had. */
  version: number;
  /** When it was deleted (ISO-8601, server clock). */
  updatedAt: string;
  deleted: true;
}

export type TodoChange = ChangedTodo | TodoTombstone;

/**
 * One answer of `todos.changes`. Changes come oldest first; the same change may come again in
 * a later answer (the feed re-reads its last few seconds so no late write is missed), so apply
 * a row only when its `version` is newer than the local one.
 * - `expired: false`: apply `changes`, keep `cursor`; when `hasMore`, ask again right away.
 * - `expired: true`: the cursor is older than the tombstone horizon, so deletes may be gone:
 *   reload the whole list, then continue from `cursor` (taken before the reload).
 */
export type TodoChangesPage =
  | { expired: false; changes: TodoChange[]; cursor: string; hasMore: boolean }
  | { expired: true; cursor: string };
