/** What `sync.changes` answers (types only; the input schema is in sync.ts). */
import type { List } from './list';
import type { TodoChange } from './todo';

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
