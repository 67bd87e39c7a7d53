/**
 * Every read the UI makes, from the signed-in user's todo index (the todos collection
 * in id order, all and per status; client/src/data/todo-index.ts, decision 046). A change
 * costs the index a binary search, and re-renders only what reads the changed list or
 * count: toggling one todo out of 100,000 re-renders one row and the counter.
 */
import { useSyncExternalStore } from 'react';
import type { TodoCounts, TodoListName } from '../data/todo-index';
import { useOpenList } from '../data/user-data';
import { FILTER_STATUS, type Filter } from './use-hash-route';

export type { TodoCounts } from '../data/todo-index';

export const listOf = (filter: Filter): TodoListName => FILTER_STATUS[filter] ?? 'all';

/**
 * The todos a filter shows, oldest first, as the index's live id list plus the
 * `layout` number that changes whenever ids join or leave it. Re-renders after every
 * change of the user's todos; rows themselves are memoized on their todo object.
 */
export function useVisibleTodos(filter: Filter) {
  const { index } = useOpenList();
  useSyncExternalStore(index.subscribe, index.version);
  const list = listOf(filter);
  return { ids: index.ids(list), layout: index.layoutVersion(list), index, list };
}

/**
 * Todos per status, and whether the collection has loaded (or failed to), since
 * this hook is always mounted. The counts are plain numbers, so the component
 * re-renders only when one of them changes.
 */
export function useTodoCounts() {
  const { index, collection } = useOpenList();
  const active = useSyncExternalStore(index.subscribe, () => index.counts().active);
  const completed = useSyncExternalStore(index.subscribe, () => index.counts().completed);
  const status = useSyncExternalStore(
    (onChange) => collection.on('status:change', onChange),
    () => collection.status,
  );
  const counts: TodoCounts = { active, completed, total: active + completed };
  return { counts, status, isLoading: status === 'idle' || status === 'loading', isError: status === 'error' };
}
