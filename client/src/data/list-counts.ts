/**
 * Each list's count of active todos, for the lists navigation, kept from the todos
 * collection's change events (the same source as the todo indexes): a change costs a map
 * lookup, and a list's count re-renders only what reads that list.
 */
import type { ChangeMessage } from '@tanstack/db';
import type { Todo } from '../../../shared/todo';
import type { ChangeSource } from './todo-index';

export interface ListCounts {
  /** Active todos of `listId` (0 for a list with none, or not loaded yet). */
  active: (listId: string) => number;
  subscribe: (listener: () => void) => () => void;
  apply: (changes: readonly ChangeMessage<Todo, string>[]) => void;
  stop: () => void;
}

export function createListCounts(source?: ChangeSource): ListCounts {
  /** Per todo: its list while it is active (what it adds to a count). */
  const activeIn = new Map<string, string>();
  const active = new Map<string, number>();
  const listeners = new Set<() => void>();
  let following: (() => void) | undefined;
  let stopped = false;

  const add = (listId: string, by: number) => active.set(listId, (active.get(listId) ?? 0) + by);

  function apply(changes: readonly ChangeMessage<Todo, string>[]) {
    let changed = false;
    for (const change of changes) {
      const before = activeIn.get(change.key);
      const after = change.type !== 'delete' && change.value.status === 'pending' ? change.value.listId : undefined;
      if (before === after) continue;
      if (before !== undefined) add(before, -1);
      if (after === undefined) activeIn.delete(change.key);
      else {
        activeIn.set(change.key, after);
        add(after, 1);
      }
      changed = true;
    }
    if (changed) for (const listener of [...listeners]) listener();
  }

  return {
    active: (listId) => active.get(listId) ?? 0,
    subscribe(listener) {
      listeners.add(listener);
      if (source && !following && !stopped) following = source(apply);
      return () => listeners.delete(listener);
    },
    apply,
    stop() {
      stopped = true;
      following?.();
      listeners.clear();
    },
  };
}
