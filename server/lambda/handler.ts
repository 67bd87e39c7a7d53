/**
 * AWS Lambda entry point: tRPC's Lambda adapter over the app router. Module scope
 * does only cheap work; the token verifier (with its cached signing keys) and the
 * DynamoDB client are created on first use and then reused by every later
 * invocation of this execution environment. The DynamoDB code is even loaded on
 * first use: its import starts with the first request and overlaps the fetch of
 * the signing keys (decision 014).
 */
import type { APIGatewayProxyResult, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { awsLambdaRequestHandler } from '@trpc/server/adapters/aws-lambda';
import { MAX_CALLS_PER_HTTP_BATCH } from '../../shared/limits';
import { appRouter } from '../app-router';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../auth/access-token-verifier';
import { readAuthConfig } from '../auth/auth-config';
import { lowerCaseHeaders, requestAuthenticator } from '../auth/authenticate-request';
import { readConfig } from '../config';
import { lazyDataStore } from '../lazy-data-store';
import { RequestBudget } from '../trpc/request-budget';
import type { LambdaEvent } from './lambda-event';
import { reportRequest } from '../observability/request-report';
import { currentRequest, newRequestRecord, ownerPseudonym, runInRequestScope } from '../observability/request-scope';
import { logError, logWarning } from './log';
import { withoutMountPath } from './mount-path';
import { rejectUnservableEvent } from './request-guard';

/** The request's `Origin` when it is one (scheme and host only), for links the API hands out; else ''. */
function webOrigin(origin: string | undefined): string {
  return origin !== undefined && /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin) ? origin : '';
}

/** What a 503 tells clients to wait: about one retry budget of the DynamoDB client. */
const RETRY_AFTER_SECONDS = 2;

let dependencies: { verifier: AccessTokenVerifier; store: ReturnType<typeof lazyDataStore> } | undefined;

function getDependencies() {
  if (!dependencies) {
    const { tableName } = readConfig();
    dependencies = {
      verifier: createAccessTokenVerifier(readAuthConfig()),
      store: lazyDataStore(async () => (await import('./dynamodb-todo-store')).createTodoStore(tableName)),
    };
  }
  return dependencies;
}

const trpcHandler = awsLambdaRequestHandler({
  router: appRouter,
  maxBatchSize: MAX_CALLS_PER_HTTP_BATCH,
  createContext: ({ event, context }) => {
    const { verifier, store } = getDependencies();
    store.preload();
    const requestId = context.awsRequestId;
    const verify = requestAuthenticator(verifier, lowerCaseHeaders(event.headers), ({ reason }) =>
      logWarning({ requestId, message: 'access token rejected', reason }),
    );
    const record = currentRequest();
    const authenticate = async () => {
      const caller = await verify();
      if (record) record.owner = ownerPseudonym(caller.id);
      return caller;
    };
    const headers = lowerCaseHeaders(event.headers);
    const { todos, lists, feed } = store;
    return { requestId, authenticate, todos, lists, feed, budget: new RequestBudget(), origin: webOrigin(headers.origin) };
  },
  responseMeta: ({ errors }) => ({
    headers: {
      'cache-control': 'no-store',
      // RFC 6750: tell a client without a valid token how to authenticate.
      ...(errors.some((error) => error.code === 'UNAUTHORIZED') && { 'www-authenticate': 'Bearer' }),
      // The database (or the token keys) could not be reached: a retry in a moment may work.
      ...(errors.some((error) => error.code === 'SERVICE_UNAVAILABLE') && { 'retry-after': String(RETRY_AFTER_SECONDS) }),
    },
  }),
  onError: ({ error, path, ctx }) => {
    currentRequest()?.errorCodes.push(error.code);
    if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE') {
      logError({ requestId: ctx?.requestId, path, error });
    }
  },
});

export type HandlerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

/** The procedure path(s) of a request, for logs: `todos.create,todos.create` for a batch. */
function proceduresOf(event: LambdaEvent): string[] {
  const path = 'rawPath' in event ? event.rawPath : (event.pathParameters?.proxy ?? event.path);
  return path.replace(/^\/+/, '').split(',').filter(Boolean);
}

export async function handler(event: LambdaEvent, context: LambdaContext): Promise<HandlerResult> {
  const rejected = rejectUnservableEvent(event, context);
  if (rejected) return rejected;
  const routed = withoutMountPath(event);
  const record = newRequestRecord(context.awsRequestId, proceduresOf(routed));
  return runInRequestScope(record, async () => {
    const result = await trpcHandler(routed, context);
    reportRequest(record, typeof result === 'string' ? 200 : (result.statusCode ?? 200));
    return result;
  });
}
