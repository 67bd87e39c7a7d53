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
  LIST_SPLIT_MAX,
  TODO_NAME_MAX_LENGTH,
} from './limits';
import { listIdSchema } from './list-id';
import { nameSchema } from './name';
import { writeBatch } from './write-batch';

export const TODO_STATUSES = ['pending', 'completed'] as const;
export const todoStatusSchema = z.enum(TODO_STATUSES, `Must be one of: ${TODO_STATUSES.join(', ')}`);
export type TodoStatus = z.infer<typeof todoStatusSchema>;

/** Any RFC 9562 UUID. Clients should send v7 ids: they sort by creation time, and list order is id order. */
export const todoIdSchema = z.uuid('Must be a UUID');
export type TodoId = z.infer<typeof todoIdSchema>;

/** A todo's name: trimmed, 1 to TODO_NAME_MAX_LENGTH characters (rules in name.ts). */
export const todoNameSchema = nameSchema(TODO_NAME_MAX_LENGTH);

/** A stored todo, as every procedure returns it. */
// Stryker disable next-line ObjectLiteral: equivalent — the schema only gives the `Todo` type; nothing parses with it at run time.
export const todoSchema = z.object({
  id: todoIdSchema,
  /** The list it belongs to (the caller's default list for todos written without one). */
  listId: listIdSchema,
  name: z.string(),
  status: todoStatusSchema,
  /** ISO-8601 timestamps set by the server. */
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Starts at 1, +1 on every update: the basis for optimistic concurrency (`expectedVersion`). */
  version: z.number(),
});
export type Todo = z.infer<typeof todoSchema>;

/**
 * Every field of a stored todo, from its schema: what the server returns and the client's copy,
 * feed and row comparison carry. Adding a field to `todoSchema` adds it everywhere these are used.
 */
export const TODO_FIELDS = Object.keys(todoSchema.shape) as (keyof Todo)[];

/**
 * Which list a write or read is about; omitted, the caller's default list, so clients from
 * before lists keep working unchanged.
 */
const optionalListId = z.optional(listIdSchema);

/**
 * One write call touches one list (decision 090): authorization is then one read, and a
 * batch across lists is several calls in one HTTP request.
 */
function oneList(items: readonly { listId?: string | undefined }[]): boolean {
  return items.every((item) => item.listId === items[0]?.listId);
}
const ONE_LIST_MESSAGE = 'All entries of one call must name the same listId (send one call per list)';

export const newTodoSchema = z.strictObject({
  /** Optional: the web client sends its own so the optimistic row and the stored row share one key. */
  id: z.optional(todoIdSchema),
  listId: optionalListId,
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

/** The fields a person writes (a create's content, an update's changes), from their schema. */
export const TODO_CONTENT_FIELDS = Object.keys(todoChangesSchema.shape) as (keyof TodoChanges)[];

export const todoUpdateSchema = z.strictObject({
  id: todoIdSchema,
  /** The list the todo is in (a todo does not move between lists). */
  listId: optionalListId,
  changes: todoChangesSchema,
  /** When given, the update applies only if the stored version still equals it (else CONFLICT). */
  expectedVersion: z.optional(z.int('Must be an integer').check(z.minimum(1, 'Must be at least 1'))),
});
export type TodoUpdate = z.infer<typeof todoUpdateSchema>;

/** Procedure inputs: each is the batch one TanStack DB transaction produces. */
export const createTodosInputSchema = z.strictObject({
  items: writeBatch(newTodoSchema, (item) => item.id).check(z.refine(oneList, ONE_LIST_MESSAGE)),
});
export type CreateTodosInput = z.infer<typeof createTodosInputSchema>;

export const updateTodosInputSchema = z.strictObject({
  items: writeBatch(todoUpdateSchema, (item) => item.id).check(z.refine(oneList, ONE_LIST_MESSAGE)),
});
export type UpdateTodosInput = z.infer<typeof updateTodosInputSchema>;

export const deleteTodosInputSchema = z.strictObject({
  ids: writeBatch(todoIdSchema, (id) => id),
  listId: optionalListId,
});
export type DeleteTodosInput = z.infer<typeof deleteTodosInputSchema>;

export const listTodosInputSchema = z.optional(
  z
    .strictObject({
      listId: optionalListId,
      cursor: z.optional(z.string('Must be a string').check(z.minLength(1), z.maxLength(LIST_CURSOR_MAX_LENGTH, 'Not a valid cursor'))),
      limit: z.optional(
        z
          .int('Must be an integer')
          .check(z.minimum(1, 'Must be at least 1'), z.maximum(LIST_PAGE_SIZE_MAX, `Must be at most ${LIST_PAGE_SIZE_MAX}`)),
      ),
      /** On a first page (no cursor): read the rest as up to this many key ranges side by side (`splitCursors`). */
      split: z.optional(
        z.int('Must be an integer').check(z.minimum(2, 'Must be at least 2'), z.maximum(LIST_SPLIT_MAX, `Must be at most ${LIST_SPLIT_MAX}`)),
      ),
    })
    .check(
      z.refine((input) => input.split === undefined || input.cursor === undefined, {
        message: 'Only a first page (no cursor) can split the list',
        path: ['split'],
      }),
    ),
);
export type ListTodosInput = z.infer<typeof listTodosInputSchema>;

export interface TodoPage {
  items: Todo[];
  /** Pass back as `cursor` for the next page; `null` when this was the last page. */
  nextCursor: string | null;
  /**
   * Only on a first page asked with `split`, when the rest is long enough to share out: the start
   * cursors of further key ranges of the list. Read each like `nextCursor`, page by page until
   * its `nextCursor` is `null`, side by side: `nextCursor`'s pages, then each range's in this order,
   * are the whole rest of the list in list order, each todo once.
   */
  splitCursors?: string[];
  /**
   * Where to start reading `todos.changes` after loading the whole list: taken before this
   * page was read, so nothing written during the load is missed. Use the first page's.
   */
  changesCursor: string;
}

/** Where a change feed answer starts and how much it may carry: `todos.changes` and `sync.changes` alike. */
export const changesPageShape = {
  cursor: z
    .string('Must be a string')
    .check(z.minLength(1, 'Not a valid cursor'), z.maxLength(CHANGES_CURSOR_MAX_LENGTH, 'Not a valid cursor')),
  limit: z.optional(
    z
      .int('Must be an integer')
      .check(z.minimum(1, 'Must be at least 1'), z.maximum(CHANGES_PAGE_SIZE_MAX, `Must be at most ${CHANGES_PAGE_SIZE_MAX}`)),
  ),
};

export const todoChangesInputSchema = z.strictObject({
  /** One list's todos; omitted, the default list's. (`sync.changes` follows every list at once.) */
  listId: optionalListId,
  ...changesPageShape,
});
export type TodoChangesInput = z.infer<typeof todoChangesInputSchema>;

/** A todo as the change feed returns it: created or updated after the cursor. */
export type ChangedTodo = Todo & { deleted: false };

/** A deleted todo, kept for TOMBSTONE_RETENTION_DAYS so every device learns of the delete. */
export interface TodoTombstone {
  id: string;
  listId: string;
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
