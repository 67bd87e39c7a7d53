/**
 * `todos.*` procedures. Each write takes the whole batch of one TanStack DB
 * transaction, so one user action is one call, and returns the rows as stored so
 * the client can write them into its collection without refetching the list.
 * Every procedure is protected, and works on one list: the caller's default list unless the
 * input names another (decision 090), opened for the caller with the role the call needs
 * (one strongly consistent read of their membership: a removed member's next call is a 404).
 * Each reserves its items from the request's budget (a batch cannot do unbounded work).
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
  list: procedure.input(listTodosInputSchema).query(async ({ ctx, input }) => {
    ctx.budget.reserve(input?.limit ?? LIST_PAGE_SIZE_DEFAULT);
    const list = await ctx.lists.open(ctx.caller, input?.listId, 'read');
    return ctx.todos.listPage(list.ref, {
      ...(input?.cursor !== undefined && { cursor: input.cursor }),
      ...(input?.limit !== undefined && { limit: input.limit }),
      ...(input?.split !== undefined && { split: input.split }),
    });
  }),
  changes: procedure.input(todoChangesInputSchema).query(async ({ ctx, input }) => {
    ctx.budget.reserve(input.limit ?? CHANGES_PAGE_SIZE_DEFAULT);
    const list = await ctx.lists.open(ctx.caller, input.listId, 'read');
    return ctx.todos.changes(list.ref, { cursor: input.cursor, ...(input.limit !== undefined && { limit: input.limit }) });
  }),
  create: procedure.input(createTodosInputSchema).mutation(async ({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    const list = await ctx.lists.open(ctx.caller, input.items[0]?.listId, 'write');
    return ctx.todos.create(list.ref, input.items);
  }),
  update: procedure.input(updateTodosInputSchema).mutation(async ({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    const list = await ctx.lists.open(ctx.caller, input.items[0]?.listId, 'write');
    return ctx.todos.update(list.ref, input.items);
  }),
  delete: procedure.input(deleteTodosInputSchema).mutation(async ({ ctx, input }) => {
    ctx.budget.reserve(input.ids.length);
    const list = await ctx.lists.open(ctx.caller, input.listId, 'write');
    return ctx.todos.delete(list.ref, input.ids);
  }),
});
