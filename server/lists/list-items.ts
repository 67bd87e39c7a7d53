/**
 * The stored items of lists and sharing, and how they become API rows. Keys in list-keys.ts.
 * None of these items has an `id` attribute: that attribute keys the list index of live todos
 * (decision 060). Only membership items carry a change key: they are what a person's change
 * feed follows (decision 091).
 */
import type { List, ListRole, Member } from '../../shared/list';
import { CHANGE_KEY, EXPIRES_AT } from '../dynamodb/todos-table-keys';
import type { StoredItem, WriteAction } from '../dynamodb/write-atomically';
import { changeKey } from '../todos/todo-change-cursor';
import type { TodoListRef } from '../todos/todo-keys';
import { listHeadKey, memberKey, membershipKey, profileKey, todoPartitionOf } from './list-keys';

export const DEFAULT_LIST_NAME = 'Todos';

export interface NewListHead {
  listId: string;
  name: string;
  ownerId: string;
  isDefault: boolean;
  timestamp: string;
}

export function headItem({ listId, name, ownerId, isDefault, timestamp }: NewListHead): StoredItem {
  return {
    ...listHeadKey(listId),
    entity: 'LIST',
    listId,
    name,
    ownerId,
    isDefault,
    memberCount: 1,
    // Invites carry the epoch they were made in; revoking open links moves it on (list-sharing.ts).
    inviteEpoch: 0,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
  };
}

export interface NewMember {
  listId: string;
  ownerId: string;
  userId: string;
  name: string;
  role: ListRole;
  timestamp: string;
}

/** The list side of a membership: who is in the list (`lists.members`, and whom a write tells). */
export function memberItem({ listId, userId, name, role, timestamp }: NewMember): StoredItem {
  return { ...memberKey(listId, userId), entity: 'MEMBER', listId, userId, name, role, joinedAt: timestamp };
}

/**
 * The person's side: what authorization reads and what their change feed follows. It carries
 * the todo partition, so a request needs nothing else to reach the list's todos.
 */
export function membershipItem({ listId, ownerId, userId, role, timestamp }: NewMember): StoredItem {
  return {
    ...membershipKey(userId, listId),
    entity: 'MEMBERSHIP',
    listId,
    ownerId,
    role,
    todoPartition: todoPartitionOf(listId, ownerId),
    joinedAt: timestamp,
    [CHANGE_KEY]: changeKey(timestamp, listId),
  };
}

/**
 * What is left of a membership that ended (left, removed, list deleted): its change key tells
 * the person's feed, and TTL removes it after `expiresAt` (epoch seconds). Written with a Put,
 * so nothing of the membership survives.
 */
export function membershipTombstone(userId: string, listId: string, timestamp: string, expiresAt: number | undefined): StoredItem {
  return {
    ...membershipKey(userId, listId),
    entity: 'MEMBERSHIP',
    listId,
    deleted: true,
    [CHANGE_KEY]: changeKey(timestamp, listId),
    ...(expiresAt !== undefined && { [EXPIRES_AT]: expiresAt }),
  };
}

/** What the change feed reads of a membership item. */
export const MEMBERSHIP_FIELDS: readonly string[] = ['listId', 'ownerId', 'role', 'todoPartition', 'deleted'];

/** Not a tombstone (and there). A tombstone is a StoredItem too, so `false` does not mean `undefined`. */
export const isLive = (item: StoredItem | undefined): item is StoredItem & { deleted?: undefined } => item !== undefined && item.deleted !== true;
/** An ended membership, a deleted list: a tombstone. */
export const isTombstone = (item: StoredItem): boolean => item.deleted === true;

export function roleOf(membership: StoredItem): ListRole {
  return membership.role as ListRole;
}

export function todoListOf(membership: StoredItem): TodoListRef {
  return { listId: membership.listId as string, partition: membership.todoPartition as string };
}

/** The API row of a list, as `caller` sees it. */
export function toList(head: StoredItem, membership: StoredItem, callerId: string): List {
  return {
    id: head.listId as string,
    name: head.name as string,
    role: roleOf(membership),
    isDefault: head.isDefault === true && head.ownerId === callerId,
    ownerId: head.ownerId as string,
    memberCount: head.memberCount as number,
    createdAt: head.createdAt as string,
    updatedAt: head.updatedAt as string,
    version: head.version as number,
  };
}

export function toMember(item: StoredItem): Member {
  return { userId: item.userId as string, name: item.name as string, role: item.role as ListRole };
}

/** One list fewer on a person's count (a membership ended), as a transaction action. */
export function listCountDown(tableName: string, userId: string): WriteAction {
  return {
    Update: {
      TableName: tableName,
      Key: profileKey(userId),
      UpdateExpression: 'ADD #count :minus',
      ExpressionAttributeNames: { '#count': 'listCount' },
      ExpressionAttributeValues: { ':minus': -1 },
    },
  };
}
