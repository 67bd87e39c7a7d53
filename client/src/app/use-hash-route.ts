/**
 * The TodoMVC filter, read from the URL hash (`#/`, `#/active`, `#/completed`).
 * An external store over `hashchange`, so links, typed URLs and the back button
 * all drive the same state and no router dependency is needed.
 */
import { useSyncExternalStore } from 'react';
import type { TodoStatus } from '../../../shared/todo';

export type Filter = 'all' | 'active' | 'completed';

export const FILTER_HREFS: Record<Filter, string> = {
  all: '#/',
  active: '#/active',
  completed: '#/completed',
};

/** Which stored status a filter shows; `undefined` means every todo. */
export const FILTER_STATUS: Record<Filter, TodoStatus | undefined> = {
  all: undefined,
  active: 'pending',
  completed: 'completed',
};

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Unknown hashes fall back to "all", like the reference implementations. */
export function filterFromHash(hash: string): Filter {
  if (hash === '#/active') return 'active';
  if (hash === '#/completed') return 'completed';
  return 'all';
}

export function useHashRoute(): Filter {
  return useSyncExternalStore(subscribe, () => filterFromHash(window.location.hash));
}
