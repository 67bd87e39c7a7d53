/**
 * `todos.*` procedures. Each write takes the whole batch of one TanStack DB
 * transaction, so one user action is one call, and returns the rows as stored so
 * the client can write them into its collection without refetching the list.
 * Every procedure is protected: the owner of the data is the verified caller, and
 * reserves its items from the request's budget (a batch cannot do unbounded work).
 */
import {
  createTodosInputSchema,
  deleteTodosInputSchema,
  listTodosInputSchema,
  todoChangesInputSchema,
  updateTodosInputSchema,
} from '../../shared/todo';
import { CHANGES_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_DEFAULT } from '../../shared/limits';
import { protectedProcedure as procedure, router } from '../trpc/trpc';

export const todosRouter = router({
  list: procedure.input(listTodosInputSchema).query(({ ctx, input }) => {
    ctx.budget.reserve(input?.limit ?? LIST_PAGE_SIZE_DEFAULT);
    return ctx.todos.listPage(ctx.caller.id, input ?? {});
  }),
  changes: procedure.input(todoChangesInputSchema).query(({ ctx, input }) => {
    ctx.budget.reserve(input.limit ?? CHANGES_PAGE_SIZE_DEFAULT);
    return ctx.todos.changes(ctx.caller.id, input);
  }),
  create: procedure.input(createTodosInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    return ctx.todos.create(ctx.caller.id, input.items);
  }),
  update: procedure.input(updateTodosInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    return ctx.todos.update(ctx.caller.id, input.items);
  }),
  delete: procedure.input(deleteTodosInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.ids.length);
    return ctx.todos.delete(ctx.caller.id, input.ids);
  }),
});
