/**
 * AWS Lambda entry point: tRPC's Lambda adapter over the app router. Module scope
 * does only cheap work; the DynamoDB client is created on first use and then
 * reused by every later invocation of this execution environment.
 */
import type { APIGatewayProxyResult, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { awsLambdaRequestHandler } from '@trpc/server/adapters/aws-lambda';
import { MAX_CALLS_PER_HTTP_BATCH } from '../../shared/limits';
import { appRouter } from '../app-router';
import { readConfig, type ServerConfig } from '../config';
import { createDocumentClient } from '../dynamodb/document-client';
import { DynamoDbTodoRepository } from '../todos/dynamodb-todo-repository';
import type { TodoRepository } from '../todos/todo-repository';
import type { LambdaEvent } from './lambda-event';
import { logError } from './log';
import { withoutMountPath } from './mount-path';
import { ownerIdFromEvent } from './owner-id';

let dependencies: { config: ServerConfig; todos: TodoRepository } | undefined;

function getDependencies() {
  if (!dependencies) {
    const config = readConfig();
    dependencies = {
      config,
      todos: new DynamoDbTodoRepository({ client: createDocumentClient(), tableName: config.tableName }),
    };
  }
  return dependencies;
}

const trpcHandler = awsLambdaRequestHandler({
  router: appRouter,
  maxBatchSize: MAX_CALLS_PER_HTTP_BATCH,
  createContext: ({ event, context }) => {
    const { config, todos } = getDependencies();
    return { ownerId: ownerIdFromEvent(event, config.defaultOwnerId), requestId: context.awsRequestId, todos };
  },
  responseMeta: () => ({ headers: { 'cache-control': 'no-store' } }),
  onError: ({ error, path, ctx }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logError({ requestId: ctx?.requestId, path, error });
  },
});

export type HandlerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

export async function handler(event: LambdaEvent, context: LambdaContext): Promise<HandlerResult> {
  return trpcHandler(withoutMountPath(event), context);
}
