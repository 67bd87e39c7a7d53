/** `sync.changes`: the one change feed over every list the caller can see (decision 091). */
import { CHANGES_PAGE_SIZE_DEFAULT } from '../../shared/limits';
import { syncChangesInputSchema } from '../../shared/sync';
import { protectedProcedure as procedure, router } from '../trpc/trpc';

export const syncRouter = router({
  changes: procedure.input(syncChangesInputSchema).query(({ ctx, input }) => {
    ctx.budget.reserve(input.limit ?? CHANGES_PAGE_SIZE_DEFAULT);
    return ctx.feed.changes(ctx.caller, { cursor: input.cursor, ...(input.limit !== undefined && { limit: input.limit }) });
  }),
});
