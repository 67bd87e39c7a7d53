/**
 * The types the lists port speaks (no DynamoDB types: clients get the API's types through
 * `AppRouter`, and the published client package must not reach the AWS SDK).
 */
import type { ListRole } from '../../shared/list';
import type { StoredItem } from '../dynamodb/stored-item';
import type { TodoListRef } from '../todos/todo-keys';

/** Who is asking: the verified caller's id and the name they show to other members. */
export interface Person {
  id: string;
  name: string;
}

/** What a call needs: `read` any member, `write` owner or editor, `owner` the owner only. */
export type ListNeed = 'read' | 'write' | 'owner';

/** A list the caller may use as asked, with their membership as read for this request. */
export interface OpenList {
  ref: TodoListRef;
  role: ListRole;
  membership: StoredItem;
}
