/**
 * The DynamoDB side of the Lambda, in its own module so the bundle puts it (and
 * the AWS SDK) in a chunk the handler imports on first use (lazy-todo-repository.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbClientSettings } from '../dynamodb/client-settings';
import { createDocumentClient } from '../dynamodb/document-client';
import { trackDynamoDbUsage } from '../observability/dynamodb-telemetry';
import { DynamoDbTodoRepository } from '../todos/dynamodb-todo-repository';
import type { TodoRepository } from '../todos/todo-repository';

export function createTodoStore(tableName: string): TodoRepository {
  const client = trackDynamoDbUsage(new DynamoDBClient(dynamoDbClientSettings()));
  return new DynamoDbTodoRepository({ client: createDocumentClient(client), tableName });
}
