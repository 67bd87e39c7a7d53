/**
 * The one tRPC instance: error shape and the base procedure every router uses.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../shared/auth-scopes';
import { isDatabaseUnavailable } from '../dynamodb/unavailable';
import {
  InviteNotValidError,
  ListForbiddenError,
  ListLimitError,
  ListNotFoundError,
  MemberNotFoundError,
} from '../lists/list-errors';
import { ConflictError } from '../conflict-error';
import { InvalidCursorError, TodoLimitError, TodoNotFoundError } from '../todos/todo-errors';
import type { Context } from './context';
import { describeIssues, validationIssues } from './validation-issues';

/** Stack traces and internal messages are shown only when running in development. */
const isDev = process.env.NODE_ENV === 'development';

const t = initTRPC.context<Context>().create({
  isDev,
  errorFormatter({ shape, error, ctx }) {
    const issues = error.code === 'BAD_REQUEST' ? validationIssues(error.cause) : undefined;
    // Unexpected failures keep their detail in the logs, never in the response.
    const hideInternals = error.code === 'INTERNAL_SERVER_ERROR' && !isDev;
    return {
      ...shape,
      message: issues ? describeIssues(issues) : hideInternals ? 'Internal server error' : shape.message,
      data: {
        ...shape.data,
        ...(issues && { issues }),
        ...(error.cause instanceof TodoNotFoundError || error.cause instanceof ConflictError
          ? { ids: [...error.cause.ids] }
          : {}),
        ...((error.cause instanceof TodoLimitError || error.cause instanceof ListLimitError) && { limit: error.cause.limit }),
        requestId: ctx?.requestId,
      },
    };
  },
});

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not answering right now; nothing was lost, try again shortly';

/** The tRPC code a domain error is answered with (decision 008; lists: decision 090). */
function domainErrorCode(cause: unknown): 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | undefined {
  if (cause instanceof TodoNotFoundError || cause instanceof ListNotFoundError || cause instanceof MemberNotFoundError) return 'NOT_FOUND';
  // An invite that does not work says no more than a list that does not exist.
  if (cause instanceof InviteNotValidError) return 'NOT_FOUND';
  if (cause instanceof ConflictError) return 'CONFLICT';
  if (cause instanceof TodoLimitError || cause instanceof ListLimitError || cause instanceof ListForbiddenError) return 'FORBIDDEN';
  return undefined;
}

/**
 * Translates repository errors into the tRPC codes the API promises, so procedures
 * stay one-liners and every procedure maps them the same way.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const code = domainErrorCode(cause);
  if (code) throw new TRPCError({ code, message: (cause as Error).message, cause });
  if (cause instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  if (isDatabaseUnavailable(cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, cause });
  }
  return result;
});

/** The caller must present a verified access token; the handler gets a non-null `ctx.caller`. */
const signedIn = t.middleware(async ({ ctx, next }) => next({ ctx: { caller: await ctx.authenticate() } }));

export const router = t.router;
export const publicProcedure = t.procedure;
/** Any verified caller, whatever its scopes: only for `me`, which returns what the token itself says. */
export const signedInProcedure = t.procedure.use(signedIn);
/**
 * Every procedure that touches data: a verified caller, whose `id` owns the data, and whose
 * token grants the API scope for the kind of call: `todos/read` for queries, `todos/write` for
 * mutations. Users and services alike (decision 063): a user's token carries what the app that
 * signed them in asked for, so a token obtained for sign-in only (`openid`) cannot reach todos.
 */
export const protectedProcedure = signedInProcedure
  .use(({ ctx, type, next }) => {
    const needed = type === 'query' ? TODOS_READ_SCOPE : TODOS_WRITE_SCOPE;
    if (!ctx.caller.scopes.has(needed)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This token lacks the ${needed} scope` });
    }
    return next();
  })
  .use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
