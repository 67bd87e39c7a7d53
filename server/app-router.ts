/**
 * The API as one typed router. `AppRouter` is the only thing clients import from the
 * server: types flow to the web UI, other services and tests without codegen.
 */
import { meProcedure } from './auth/me-procedure';
import { listsRouter } from './lists/lists-router';
import { syncRouter } from './sync/sync-router';
import { todosRouter } from './todos/todos-router';
import { createCallerFactory, router } from './trpc/trpc';

export const appRouter = router({
  me: meProcedure,
  todos: todosRouter,
  lists: listsRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
