/**
 * The DynamoDB side of the Lambda, in its own module so the bundle puts it (and
 * the AWS SDK) in a chunk the handler imports on first use (lazy-todo-repository.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbClientSettings } from '../dynamodb/client-settings';
import { createDocumentClient } from '../dynamodb/document-client';
import { limitToGrantedOperations } from '../dynamodb/granted-operations';
import { FUNCTION_ENV } from '../deployment-contract';
import { trackDynamoDbUsage } from '../observability/dynamodb-telemetry';
import type { DataStore } from '../data-store';
import { createDataStore } from '../dynamodb-data-store';

/**
 * TODO_LIMIT_PER_USER (a CDK stage setting): the most todos one user may keep; unset means
 * the default in shared/limits.ts. A value that is not a positive whole number stops the
 * function from serving data rather than silently running without a limit.
 */
export function todoLimitFromEnvironment(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[FUNCTION_ENV.todoLimitPerUser];
  if (value === undefined || value.trim() === '') return undefined;
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`TODO_LIMIT_PER_USER must be a positive whole number, got "${value}"`);
  }
  return limit;
}

export function createTodoStore(tableName: string): DataStore {
  const client = limitToGrantedOperations(trackDynamoDbUsage(new DynamoDBClient(dynamoDbClientSettings())));
  const todoLimit = todoLimitFromEnvironment();
  return createDataStore({
    client: createDocumentClient(client),
    tableName,
    ...(todoLimit !== undefined && { todoLimit }),
  });
}
