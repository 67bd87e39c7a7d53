/** Test helper: a `createCaller` context for a signed-in user, without HTTP or tokens. */
import { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../shared/auth-scopes';
import type { Caller } from '../auth/caller';
import type { Context } from '../trpc/context';
import type { TodoRepository } from '../todos/todo-repository';
import { RequestBudget } from '../trpc/request-budget';

export function userCaller(id: string, name = id): Caller {
  return { id, name, kind: 'user', scopes: new Set([TODOS_READ_SCOPE, TODOS_WRITE_SCOPE]) };
}

export function contextFor(caller: Caller, todos: TodoRepository): Context {
  return { requestId: 'test', authenticate: () => Promise.resolve(caller), todos, budget: new RequestBudget() };
}
