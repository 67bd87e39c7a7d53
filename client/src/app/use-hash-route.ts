/**
 * The route, read from the URL hash: which list is open and its TodoMVC filter, or an
 * invite being opened.
 *
 *   #/  #/active  #/completed                      the person's default list
 *   #/lists/<id>  #/lists/<id>/active  …/completed  another list
 *   #/join/<token>                                  an invite link (shared/list.ts)
 *
 * An external store over `hashchange`, so links, typed URLs and the back button all drive the
 * same state and no router dependency is needed. Unknown hashes fall back to the default
 * list's "all", like the TodoMVC reference implementations.
 */
import { useSyncExternalStore } from 'react';
import { INVITE_TOKEN_LENGTH } from '../../../shared/limits';
import { INVITE_ROUTE_PREFIX } from '../../../shared/invite-route';
import type { TodoStatus } from '../../../shared/todo';

export type Filter = 'all' | 'active' | 'completed';

/** Which stored status a filter shows; `undefined` means every todo. */
export const FILTER_STATUS: Record<Filter, TodoStatus | undefined> = {
  all: undefined,
  active: 'pending',
  completed: 'completed',
};

export type Route =
  /** `listId` undefined: the person's default list. */
  | { kind: 'list'; listId: string | undefined; filter: Filter }
  | { kind: 'join'; token: string };

const FILTER_PATHS: Record<Filter, string> = { all: '', active: 'active', completed: 'completed' };
const LIST_ROUTE = /^#\/lists\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/(active|completed))?$/;
const JOIN_ROUTE = new RegExp(`^${INVITE_ROUTE_PREFIX}([A-Za-z0-9_-]{${INVITE_TOKEN_LENGTH}})$`);

const filterOf = (path: string | undefined): Filter => (path === 'active' || path === 'completed' ? path : 'all');

export function routeFromHash(hash: string): Route {
  const join = JOIN_ROUTE.exec(hash);
  if (join?.[1]) return { kind: 'join', token: join[1] };
  const list = LIST_ROUTE.exec(hash);
  if (list?.[1]) return { kind: 'list', listId: list[1], filter: filterOf(list[2]) };
  return { kind: 'list', listId: undefined, filter: filterOf(/^#\/(active|completed)$/.exec(hash)?.[1]) };
}

/** Whether `hash` is one of the app's routes exactly (what may come back after signing in). */
export const isKnownRoute = (hash: string): boolean =>
  JOIN_ROUTE.test(hash) || LIST_ROUTE.test(hash) || ['#/', '#/active', '#/completed'].includes(hash);

/** The link to a list (`undefined` or the default list: the TodoMVC routes) with a filter. */
export function hrefOf(listId: string | undefined, filter: Filter = 'all'): string {
  const path = FILTER_PATHS[filter];
  return listId === undefined ? `#/${path}` : `#/lists/${listId}${path ? `/${path}` : ''}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The hash, as a string snapshot (stable between changes); parse it with `routeFromHash`. */
export const useHash = (): string => useSyncExternalStore(subscribe, () => window.location.hash);
