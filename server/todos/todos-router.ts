/**
 * `todos.*` procedures. Each write takes the whole batch of one TanStack DB
 * transaction, so one user action is one call, and returns the rows as stored so
 * the client can write them into its collection without refetching the list.
 */
import {
  createTodosInputSchema,
  deleteTodosInputSchema,
  listTodosInputSchema,
  updateTodosInputSchema,
} from '../../shared/todo';
import { procedure, router } from '../trpc/trpc';

export const todosRouter = router({
  list: procedure.input(listTodosInputSchema).query(({ ctx, input }) => ctx.todos.listPage(ctx.ownerId, input ?? {})),
  create: procedure
    .input(createTodosInputSchema)
    .mutation(({ ctx, input }) => ctx.todos.create(ctx.ownerId, input.items)),
  update: procedure
    .input(updateTodosInputSchema)
    .mutation(({ ctx, input }) => ctx.todos.update(ctx.ownerId, input.items)),
  delete: procedure
    .input(deleteTodosInputSchema)
    .mutation(({ ctx, input }) => ctx.todos.delete(ctx.ownerId, input.ids)),
});
