/**
 * The one tRPC instance: error shape and the base procedure every router uses.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { InvalidCursorError, TodoConflictError, TodoNotFoundError } from '../todos/todo-errors';
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
        ...(error.cause instanceof TodoNotFoundError || error.cause instanceof TodoConflictError
          ? { ids: [...error.cause.ids] }
          : {}),
        requestId: ctx?.requestId,
      },
    };
  },
});

/**
 * Translates repository errors into the tRPC codes the API promises, so procedures
 * stay one-liners and every procedure maps them the same way.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof TodoNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
  if (cause instanceof TodoConflictError) throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
  if (cause instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
