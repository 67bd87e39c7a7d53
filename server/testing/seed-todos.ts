/**
 * Test set-up: many todos stored at once, for tests about long lists (10,000 and 99,000 todos
 * in the browser tests). Through the API a todo costs a transaction write and the handler's
 * work; here it is one plain put in a BatchWriteItem (about a quarter of the time on DynamoDB
 * Local, decision 098). The items are the ones `create` stores (`newTodoItem`),
 * and the list's todo counter takes them into account first, as `create` does: the API then
 * reads, changes and limits these todos like any others. Nobody else writes the ids.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { TODO_LIMIT_PER_USER_DEFAULT } from '../../shared/limits';
import { batchWriteAll } from '../dynamodb/batch-write';
import { newTodoItem } from '../todos/dynamodb-todo-repository';
import { TodoQuota } from '../todos/todo-quota';

/** Items in flight at once: enough to keep DynamoDB Local busy, few enough not to time out under load. */
const ITEMS_PER_ROUND = 1000;

export interface SeedTodosOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The list's todo partition (server/todos/todo-keys.ts). */
  partition: string;
  /** Pending todos to store, in this order (ids are UUIDv7, so list order is this order). */
  names: readonly string[];
  now?: () => Date;
}

/** Stores the todos; returns their ids, in order. */
export async function seedTodos({ client, tableName, partition, names, now = () => new Date() }: SeedTodosOptions): Promise<string[]> {
  await new TodoQuota({ client, tableName, limit: TODO_LIMIT_PER_USER_DEFAULT, now }).reserve(partition, names.length);
  const timestamp = now().toISOString();
  const todos = names.map((name) => ({ id: uuidv7(), name }));
  for (let start = 0; start < todos.length; start += ITEMS_PER_ROUND) {
    const requests = todos.slice(start, start + ITEMS_PER_ROUND).map(({ id, name }) => ({ PutRequest: { Item: newTodoItem(partition, id, { name }, timestamp) } }));
    await batchWriteAll(client, tableName, requests);
  }
  return todos.map(({ id }) => id);
}
