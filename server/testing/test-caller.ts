/** Test helper: a `createCaller` context for a signed-in user, without HTTP or tokens. */
import { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../shared/auth-scopes';
import type { Caller } from '../auth/caller';
import type { DataStore } from '../data-store';
import type { Context } from '../trpc/context';
import { RequestBudget } from '../trpc/request-budget';

/**
 * Every test user has the same display name unless a test gives one: the owner of the data is
 * the caller's `id` (the token's `sub`), never its name, and a router that keyed data by name
 * would mix up every pair of test users (issue 21: all users once had name = id).
 */
export const SHARED_DISPLAY_NAME = 'Sam Smith';

export function userCaller(id: string, name = SHARED_DISPLAY_NAME): Caller {
  return { id, name, kind: 'user', scopes: new Set([TODOS_READ_SCOPE, TODOS_WRITE_SCOPE]) };
}

export function contextFor(caller: Caller, store: DataStore): Context {
  return { requestId: 'test', authenticate: () => Promise.resolve(caller), ...store, budget: new RequestBudget(), origin: 'https://app.example' };
}
