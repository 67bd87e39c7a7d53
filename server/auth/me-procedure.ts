/** `me`: who the API thinks the caller is; the UI shows the name, services can check their identity. */
import { protectedProcedure } from '../trpc/trpc';

export const meProcedure = protectedProcedure.query(({ ctx }) => ({
  id: ctx.caller.id,
  name: ctx.caller.name,
  kind: ctx.caller.kind,
}));
