/**
 * Who may do what with a list, decided on every request from one strongly consistent read of the
 * caller's membership item (decision 090): nothing about access is cached anywhere, so a removal
 * takes effect on the very next request. No membership, an ended one, and no such list all give
 * the same ListNotFoundError: a non-member learns nothing, not even that the list exists.
 *
 * A person's default list is made here on first use (decision 093: its head and membership point
 * at the partition their todos always had, so nothing moves).
 */
import { ConditionFailedError, writeAtomically, type StoredItem } from '../dynamodb/write-atomically';
import { PARTITION_KEY } from '../dynamodb/todos-table-keys';
import type { ListRole } from '../../shared/list';
import type { ListNeed, OpenList, Person } from './list-types';
import { bumpMembers, recentlyBumped } from './list-activity';
import { ListForbiddenError, ListNotFoundError } from './list-errors';
import { DEFAULT_LIST_NAME, headItem, isLive, memberItem, membershipItem, roleOf, todoListOf } from './list-items';
import { defaultListId, membershipKey, profileKey } from './list-keys';
import { readOne, type ListTable } from './list-table';

const ALLOWED: Record<ListNeed, readonly ListRole[]> = {
  read: ['owner', 'editor', 'viewer'],
  write: ['owner', 'editor'],
  owner: ['owner'],
};

const FORBIDDEN_MESSAGE: Record<ListNeed, string> = {
  read: 'You cannot open this list',
  write: 'Viewers can read this list but not change it',
  owner: 'Only the owner of this list can do that',
};

export function checkRole(membership: StoredItem, need: ListNeed): void {
  if (!ALLOWED[need].includes(roleOf(membership))) throw new ListForbiddenError(FORBIDDEN_MESSAGE[need]);
}

/** The caller's live membership of `listId` (the default list made if it is theirs and missing). */
export async function membershipOf(table: ListTable, person: Person, listId: string): Promise<StoredItem> {
  const membership = await readOne(table, membershipKey(person.id, listId));
  if (isLive(membership)) return membership;
  if (membership === undefined && listId === defaultListId(person.id)) return ensureDefaultList(table, person);
  throw new ListNotFoundError();
}

/**
 * Opens a list for one call: authorizes, and for a write tells every member's feed first
 * (list-activity.ts). `listId` undefined is the caller's default list.
 */
export async function openList(table: ListTable, person: Person, listId: string | undefined, need: ListNeed): Promise<OpenList> {
  const membership = await membershipOf(table, person, listId ?? defaultListId(person.id));
  checkRole(membership, need);
  const ref = todoListOf(membership);
  if (need !== 'read') {
    const now = table.now();
    if (!recentlyBumped(membership, now)) await bumpMembers(table, ref.listId, now.toISOString(), person.id);
  }
  return { ref, role: roleOf(membership), membership };
}

/**
 * Makes the default list (head, member, membership, profile count) in one transaction. Made
 * at most once: a concurrent first request that made it first wins, and its membership is read.
 */
export async function ensureDefaultList(table: ListTable, person: Person): Promise<StoredItem> {
  const listId = defaultListId(person.id);
  const timestamp = table.now().toISOString();
  const member = { listId, ownerId: person.id, userId: person.id, name: person.name, role: 'owner' as const, timestamp };
  const membership = membershipItem(member);
  const absent = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } };
  try {
    await writeAtomically(table.client, [
      { Put: { TableName: table.tableName, Item: headItem({ listId, name: DEFAULT_LIST_NAME, ownerId: person.id, isDefault: true, timestamp }), ...absent } },
      { Put: { TableName: table.tableName, Item: memberItem(member), ...absent } },
      { Put: { TableName: table.tableName, Item: membership, ...absent } },
      {
        // The default list counts towards the person's lists but is never refused: it comes first.
        Update: {
          TableName: table.tableName,
          Key: profileKey(person.id),
          UpdateExpression: 'ADD #count :one',
          ExpressionAttributeNames: { '#count': 'listCount' },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    return membership;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const stored = await readOne(table, membershipKey(person.id, listId));
    if (!isLive(stored)) throw new ListNotFoundError();
    return stored;
  }
}

export type { ListNeed, OpenList, Person } from './list-types';
