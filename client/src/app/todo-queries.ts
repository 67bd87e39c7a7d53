/**
 * Every read the UI makes, as TanStack DB live queries over the signed-in user's
 * todos collection (its id names the user, so a live query is never reused across users).
 * They are maintained incrementally: toggling one todo out of 10,000 updates
 * one row of the list and one count, instead of re-filtering arrays in React.
 */
import { count, eq, useLiveQuery } from '@tanstack/react-db';
import { useUserData } from '../data/user-data';
import { FILTER_STATUS, type Filter } from './use-hash-route';

/**
 * The todos a filter shows, oldest first. Ids are UUIDv7, so id order is
 * creation order, and a new row always lands at the end.
 */
export function useVisibleTodos(filter: Filter) {
  const status = FILTER_STATUS[filter];
  const { collection, liveQueries } = useUserData();
  const result = useLiveQuery({
    query: (q) => {
      const todos = q.from({ todo: collection });
      // `status` is a captured value, so it is part of the query's identity: a new
      // filter gets a new live query, the same filter keeps the running one.
      const filtered = status === undefined ? todos : todos.where(({ todo }) => eq(todo.status, status));
      return filtered.orderBy(({ todo }) => todo.id, 'asc');
    },
  });
  liveQueries.add(result.collection); // released with the user's data (a Set: added once)
  return result;
}

export interface TodoCounts {
  active: number;
  completed: number;
  total: number;
}

/**
 * Todos per status, from one grouped live query (at most two rows). A status
 * with no todos has no group at all, so it counts as 0. Also reports whether
 * the collection has loaded, since this query is always mounted.
 */
export function useTodoCounts() {
  const { collection, liveQueries } = useUserData();
  const result = useLiveQuery({
    query: (q) =>
      q
        .from({ todo: collection })
        .groupBy(({ todo }) => todo.status)
        .select(({ todo }) => ({ status: todo.status, n: count(todo.id) })),
  });
  liveQueries.add(result.collection);
  let active = 0;
  let completed = 0;
  for (const group of result.data) {
    if (group.status === 'completed') completed = group.n;
    else active = group.n;
  }
  const counts: TodoCounts = { active, completed, total: active + completed };
  return { counts, status: result.status, isLoading: result.isLoading, isError: result.isError };
}
