/**
 * How lists, members, memberships, invites and a person's profile map onto the table's generic
 * keys (README "Data model" has the whole table). Everything that builds a list-related key is
 * here.
 *
 * | item                | pk                 | sk                 |
 * |---------------------|--------------------|--------------------|
 * | list head           | LIST#<listId>      | LIST               |
 * | member (list side)  | LIST#<listId>      | MEMBER#<userId>    |
 * | membership (user)   | USER#<userId>      | LIST#<listId>      |
 * | profile             | USER#<userId>      | PROFILE            |
 * | invite              | INVITE#<sha256>    | INVITE             |
 * | todo                | <todoPartition>    | TODO#<todoId>      |
 *
 * The membership item is the one authorization reads (one strongly consistent read per
 * request) and the one the change feed follows (`byChange` on `USER#<userId>`).
 */
import { defaultListId } from '../../shared/list-id';
import { PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { ownerPartitionKey, type TodoListRef } from '../todos/todo-keys';

const LIST_PREFIX = 'LIST#';
const USER_PREFIX = 'USER#';
const MEMBER_PREFIX = 'MEMBER#';
const INVITE_PREFIX = 'INVITE#';
export const LIST_HEAD_SORT_KEY = 'LIST';
export const PROFILE_SORT_KEY = 'PROFILE';
export const INVITE_SORT_KEY = 'INVITE';
export const MEMBER_SORT_KEY_PREFIX = MEMBER_PREFIX;
export const MEMBERSHIP_SORT_KEY_PREFIX = LIST_PREFIX;

/** A person's default list id, derived from their user id (shared/list-id.ts, decision 093). */
export { defaultListId };

export const listPartition = (listId: string): string => `${LIST_PREFIX}${listId}`;
export const userPartition = (userId: string): string => `${USER_PREFIX}${userId}`;

export function listHeadKey(listId: string): Record<string, string> {
  return { [PARTITION_KEY]: listPartition(listId), [SORT_KEY]: LIST_HEAD_SORT_KEY };
}

export function memberKey(listId: string, userId: string): Record<string, string> {
  return { [PARTITION_KEY]: listPartition(listId), [SORT_KEY]: `${MEMBER_PREFIX}${userId}` };
}

export function membershipKey(userId: string, listId: string): Record<string, string> {
  return { [PARTITION_KEY]: userPartition(userId), [SORT_KEY]: `${LIST_PREFIX}${listId}` };
}

/** The list id a membership's sort key names. */
export const listIdOfMembership = (sortKey: string): string => sortKey.slice(LIST_PREFIX.length);

export function profileKey(userId: string): Record<string, string> {
  return { [PARTITION_KEY]: userPartition(userId), [SORT_KEY]: PROFILE_SORT_KEY };
}

/** An invite is found by the hash of its token only: the token itself is never stored. */
export function inviteKey(tokenHash: string): Record<string, string> {
  return { [PARTITION_KEY]: `${INVITE_PREFIX}${tokenHash}`, [SORT_KEY]: INVITE_SORT_KEY };
}

/** Where a list's todos are: the owner's legacy partition for a default list, else the list's own. */
export function todoPartitionOf(listId: string, ownerId: string): string {
  return listId === defaultListId(ownerId) ? ownerPartitionKey(ownerId) : listPartition(listId);
}

/** A person's default list, as the todo repository addresses it. */
export function defaultTodoList(ownerId: string): TodoListRef {
  return { listId: defaultListId(ownerId), partition: ownerPartitionKey(ownerId) };
}
