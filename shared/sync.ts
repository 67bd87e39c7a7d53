/**
 * `sync.changes`: one change feed for everything the caller can see (decision 091). One cursor
 * covers every list; an idle poll is one Query of the caller's own memberships.
 */
import * as z from 'zod/mini';
import type { List } from './list';
import { changesPageShape, type TodoChange } from './todo';

export const syncChangesInputSchema = z.strictObject(changesPageShape);
export type SyncChangesInput = z.infer<typeof syncChangesInputSchema>;

/** A list created, renamed or joined (`deleted: false`), or one the caller can no longer see. */
export type ListChange = (List & { deleted: false }) | { id: string; deleted: true };

/**
 * One answer of `sync.changes`. Apply `lists` first: a removed list takes its todos with it (its
 * todos do not come one by one). A list the client does not have yet (a join, a list made on
 * another device) is loaded in full with `todos.list({ listId })`, as is every list in `reload`
 * (more changed in it than one answer carries). Todos come oldest first, possibly more than once;
 * keep a row only when its `version` is newer. `expired`: reload everything (deletes may be gone).
 */
export type SyncChangesPage =
  | {
      expired: false;
      lists: ListChange[];
      todos: TodoChange[];
      reload: string[];
      cursor: string;
    }
  | { expired: true; cursor: string };
