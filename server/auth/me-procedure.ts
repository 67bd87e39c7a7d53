/**
 * `me`: who the API thinks the caller is; the UI shows the name, services can check their
 * identity. It needs a valid access token but no API scope (decision 063): it reveals only
 * what the caller's own token says, and a tool can check who it signed in as before it asks
 * for data.
 */
import { signedInProcedure } from '../trpc/trpc';

export const meProcedure = signedInProcedure.query(({ ctx }) => ({
  id: ctx.caller.id,
  name: ctx.caller.name,
  kind: ctx.caller.kind,
}));
