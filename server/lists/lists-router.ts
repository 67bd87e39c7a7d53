/**
 * `lists.*` procedures (issue 24; names fixed by the API contract). Roles: the owner does
 * everything; an editor reads and writes todos and renames; a viewer reads. A non-member, or a
 * list that does not exist: 404 either way. A member without the role: 403.
 */
import {
  createListsInputSchema,
  deleteListsInputSchema,
  inviteInputSchema,
  joinInputSchema,
  listRefInputSchema,
  removeMemberInputSchema,
  updateListsInputSchema,
} from '../../shared/list';
import { LISTS_PER_PERSON_MAX, MEMBERS_PER_LIST_MAX } from '../../shared/limits';
import { protectedProcedure as procedure, router } from '../trpc/trpc';

export const listsRouter = router({
  /** Every list the caller can open, and where `sync.changes` starts after loading them. */
  list: procedure.query(({ ctx }) => {
    ctx.budget.reserve(LISTS_PER_PERSON_MAX);
    return ctx.lists.list(ctx.caller);
  }),
  create: procedure.input(createListsInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    return ctx.lists.create(ctx.caller, input.items);
  }),
  update: procedure.input(updateListsInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.items.length);
    return ctx.lists.update(ctx.caller, input.items);
  }),
  /** Owner only; the default list cannot be deleted; ids that are not the caller's lists are ignored. */
  delete: procedure.input(deleteListsInputSchema).mutation(({ ctx, input }) => {
    ctx.budget.reserve(input.ids.length);
    return ctx.lists.delete(ctx.caller, input.ids);
  }),
  /** Owner only: a link whose holder joins with `role` (until it expires or links are revoked). */
  invite: procedure.input(inviteInputSchema).mutation(({ ctx, input }) => ctx.lists.invite(ctx.caller, input.listId, input.role, ctx.origin)),
  join: procedure.input(joinInputSchema).mutation(({ ctx, input }) => ctx.lists.join(ctx.caller, input.token)),
  members: procedure.input(listRefInputSchema).query(({ ctx, input }) => {
    ctx.budget.reserve(MEMBERS_PER_LIST_MAX);
    return ctx.lists.members(ctx.caller, input.listId);
  }),
  /** Owner only, or anyone removing themselves (= leave). */
  removeMember: procedure
    .input(removeMemberInputSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.lists.removeMember(ctx.caller, input.listId, input.userId);
      return null;
    }),
  leave: procedure.input(listRefInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.lists.leave(ctx.caller, input.listId);
    return null;
  }),
  /** Owner only: every invite link made so far stops working. */
  revokeInvites: procedure.input(listRefInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.lists.revokeInvites(ctx.caller, input.listId);
    return null;
  }),
});
