/**
 * Everything the procedures read and write: todos, lists (with sharing) and the change feed over
 * both, as ports (implemented on DynamoDB in dynamodb-data-store.ts) handed to every request's
 * context. Types only: the API's types reach clients through `AppRouter` and must not reach the
 * AWS SDK.
 */
import type { ListService } from './lists/list-service';
import type { ChangeFeed } from './sync/change-feed-port';
import type { TodoRepository } from './todos/todo-repository';

export interface DataStore {
  todos: TodoRepository;
  lists: ListService;
  feed: ChangeFeed;
}
