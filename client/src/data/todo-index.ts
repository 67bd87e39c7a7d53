/**
 * What the list and its counter read: the user's todos in id order (UUIDv7, so
 * creation order), all of them and per status, kept up to date from the todos
 * collection's change events. A change costs a binary search and, for an insert or
 * delete, one array splice: a toggle among 100,000 todos touches one row and two
 * short list positions, never the whole list.
 *
 * Why not TanStack DB live queries (decision 046): react-db's `useLiveQuery` copies the
 * whole result into a new array on every change (about 30 ms at 100,000 rows here), and
 * the ordered and grouped queries cost most of the time it takes to hand 10,000 stored
 * rows to the collection when the app opens. The collection stays the one source of
 * truth (optimistic writes, sync); this is only its ordered view.
 */
import type { ChangeMessage } from '@tanstack/db';
import type { Todo, TodoStatus } from '../../../shared/todo';

/** A list the UI shows: every todo, or the todos of one status. */
export type TodoListName = 'all' | TodoStatus;

export interface TodoCounts {
  active: number;
  completed: number;
  total: number;
}

/** Where `id` is in the sorted `ids`, or where it would go (the first index whose id is not smaller). */
function positionOf(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] as string) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface TodoIndex {
  /** The ids of a list, ascending. The same array is updated in place: read it, do not keep it. */
  ids: (list: TodoListName) => readonly string[];
  todo: (id: string) => Todo | undefined;
  /** The position of `id` in `list`, or -1. */
  indexOf: (list: TodoListName, id: string) => number;
  counts: () => TodoCounts;
  /** Goes up by one with every batch of changes (a snapshot for useSyncExternalStore). */
  version: () => number;
  /** Goes up when ids joined or left `list` (not when a row only changed in place). */
  layoutVersion: (list: TodoListName) => number;
  /** Calls `listener` after every batch of changes; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
  /** Applies a batch of collection changes (what `subscribeChanges` delivers). */
  apply: (changes: readonly ChangeMessage<Todo, string>[]) => void;
  /** Stops following the source (the user's data is released). */
  stop: () => void;
}

/** Where the changes come from: called once, with the function to hand them to; returns the unsubscribe. */
export type ChangeSource = (apply: (changes: readonly ChangeMessage<Todo, string>[]) => void) => () => void;

/**
 * An index that follows `source` from the first `subscribe` on (so merely making the
 * user's data starts no loading), until `stop`.
 */
export function createTodoIndex(source?: ChangeSource): TodoIndex {
  const rows = new Map<string, Todo>();
  const lists: Record<TodoListName, string[]> = { all: [], pending: [], completed: [] };
  const layouts: Record<TodoListName, number> = { all: 0, pending: 0, completed: 0 };
  const listeners = new Set<() => void>();
  let version = 0;
  let following: (() => void) | undefined;
  let stopped = false;

  function insert(list: TodoListName, id: string) {
    const ids = lists[list];
    const last = ids[ids.length - 1];
    // New todos get the highest id: appending is the common case.
    if (last === undefined || last < id) ids.push(id);
    else {
      const at = positionOf(ids, id);
      if (ids[at] === id) return;
      ids.splice(at, 0, id);
    }
    layouts[list]++;
  }

  function remove(list: TodoListName, id: string) {
    const ids = lists[list];
    const at = positionOf(ids, id);
    if (ids[at] !== id) return;
    ids.splice(at, 1);
    layouts[list]++;
  }

  function put(todo: Todo) {
    const before = rows.get(todo.id);
    rows.set(todo.id, todo);
    if (before?.status === todo.status) return;
    if (before) remove(before.status, todo.id);
    else insert('all', todo.id);
    insert(todo.status, todo.id);
  }

  function drop(id: string) {
    const before = rows.get(id);
    if (!before) return;
    rows.delete(id);
    remove('all', id);
    remove(before.status, id);
  }

  function apply(changes: readonly ChangeMessage<Todo, string>[]) {
    if (changes.length === 0) return;
    for (const change of changes) {
      if (change.type === 'delete') drop(change.key);
      else put(change.value);
    }
    version++;
    for (const listener of [...listeners]) listener();
  }

  return {
    ids: (list) => lists[list],
    todo: (id) => rows.get(id),
    indexOf(list, id) {
      const ids = lists[list];
      const at = positionOf(ids, id);
      return ids[at] === id ? at : -1;
    },
    counts() {
      const active = lists.pending.length;
      const completed = lists.completed.length;
      return { active, completed, total: active + completed };
    },
    version: () => version,
    layoutVersion: (list) => layouts[list],
    subscribe(listener) {
      listeners.add(listener);
      if (source && !following && !stopped) following = source(apply);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      following?.();
      listeners.clear();
    },
    apply,
  };
}
