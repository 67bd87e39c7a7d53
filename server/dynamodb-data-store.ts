/**
 * The data store on the one DynamoDB table: todos, lists (with sharing) and the change feed over
 * both. Built once per process (Lambda: lazily, see server/lambda/handler.ts).
 */
import type { DataStore } from './data-store';
import { DynamoDbListService } from './lists/dynamodb-list-service';
import { DynamoDbChangeFeed } from './sync/change-feed';
import { DynamoDbTodoRepository, type DynamoDbTodoRepositoryOptions } from './todos/dynamodb-todo-repository';

export interface DataStoreOptions extends DynamoDbTodoRepositoryOptions {
  /** Most items one request purges from deleted lists (small in tests). */
  purgeItemsPerRequest?: number;
}

export function createDataStore(options: DataStoreOptions): DataStore {
  const now = options.now ?? (() => new Date());
  const feed = new DynamoDbChangeFeed(
    { client: options.client, tableName: options.tableName, now, ...(options.backoff && { backoff: options.backoff }) },
    options.settleMs,
  );
  return {
    todos: new DynamoDbTodoRepository({ ...options, now }),
    lists: new DynamoDbListService({ ...options, now, feed }),
    feed,
  };
}
