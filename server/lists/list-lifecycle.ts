/**
 * Lists themselves: `lists.list`, `create`, `update`, `delete` (sharing is in list-sharing.ts).
 * Versioning, idempotent creates and conflicts follow the same rules as todos (decision 007):
 * a retried create with the same id and name returns the stored list; an id used for something
 * else is a conflict; `expectedVersion` guards a rename.
 */
import { v7 as uuidv7 } from 'uuid';
import { LISTS_PER_PERSON_MAX } from '../../shared/limits';
import type { CreateListsInput, List, UpdateListsInput } from '../../shared/list';
import { PARTITION_KEY } from '../dynamodb/todos-table-keys';
import { ConditionFailedError, writeAtomically, type StoredItem, type WriteAction } from '../dynamodb/write-atomically';
import { bumpMembers, listMembers } from './list-activity';
import { checkRole, ensureDefaultList, type Person } from './list-access';
import { ListConflictError, ListForbiddenError, ListLimitError, ListNotFoundError } from './list-errors';
import { headItem, isLive, isTombstone, listCountDown, memberItem, membershipItem, membershipTombstone, toList } from './list-items';
import { defaultListId, listHeadKey, MEMBERSHIP_SORT_KEY_PREFIX, membershipKey, profileKey, userPartition } from './list-keys';
import { purgeList, tombstoneExpiry } from './list-purge';
import { readByKey, readPrefix, type ListTable } from './list-table';

export interface ListLifecycleOptions {
  /** Most items one request purges from deleted lists (list-purge.ts). */
  purgeItemsPerRequest: number;
}

/** Rounds of a create: each settles at least one list unless something else keeps changing. */
const MAX_CREATE_ROUNDS = 3;

/** Rounds of a delete that keep meeting a join in between before it gives up (503-like retry by the client). */
const MAX_DELETE_ROUNDS = 3;

const absent = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } };

/** Every membership item of the person (live and ended), strongly consistent. */
function membershipsOf(table: ListTable, userId: string): Promise<StoredItem[]> {
  return readPrefix(table, userPartition(userId), MEMBERSHIP_SORT_KEY_PREFIX);
}

/** Lists of the given memberships, as the person sees them (memberships whose head is gone are left out). */
async function listsOf(table: ListTable, person: Person, memberships: readonly StoredItem[]): Promise<List[]> {
  const heads = await readByKey(
    table,
    memberships.map((m) => listHeadKey(m.listId as string)),
  );
  return memberships.flatMap((membership) => {
    const head = heads(listHeadKey(membership.listId as string));
    return isLive(head) ? [toList(head, membership, person.id)] : [];
  });
}

/** Every list the person can open, the default one made if missing; continues one pending purge. */
export async function listAll(table: ListTable, person: Person, options: ListLifecycleOptions): Promise<List[]> {
  let memberships = await membershipsOf(table, person.id);
  if (!memberships.some((m) => m.listId === defaultListId(person.id))) {
    memberships = [await ensureDefaultList(table, person), ...memberships];
  }
  const purging = memberships.find((m) => m.purge === true);
  if (purging) await purgeList(table, purging.listId as string, person.id, options.purgeItemsPerRequest);
  return listsOf(table, person, memberships.filter(isLive));
}

export async function createLists(table: ListTable, person: Person, items: CreateListsInput['items']): Promise<List[]> {
  // The default list first, so it is counted before any other (it is never refused).
  const defaultMembership = await readByKey(table, [membershipKey(person.id, defaultListId(person.id))]);
  if (defaultMembership(membershipKey(person.id, defaultListId(person.id))) === undefined) await ensureDefaultList(table, person);
  const timestamp = table.now().toISOString();
  const records = items.map((item) => ({ listId: item.id ?? uuidv7(), name: item.name }));
  const alreadyStored = new Map<string, List>();
  let pending = records;
  for (let round = 1; pending.length > 0; round++) {
    const actions: WriteAction[] = pending.flatMap(({ listId, name }) => {
      const member = { listId, ownerId: person.id, userId: person.id, name: person.name, role: 'owner' as const, timestamp };
      return [
        { Put: { TableName: table.tableName, Item: headItem({ listId, name, ownerId: person.id, isDefault: false, timestamp }), ...absent } },
        { Put: { TableName: table.tableName, Item: memberItem(member), ...absent } },
        { Put: { TableName: table.tableName, Item: membershipItem(member), ...absent } },
      ];
    });
    actions.push({
      Update: {
        TableName: table.tableName,
        Key: profileKey(person.id),
        UpdateExpression: 'ADD #count :n',
        ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
        ExpressionAttributeNames: { '#count': 'listCount' },
        ExpressionAttributeValues: { ':n': pending.length, ':room': LISTS_PER_PERSON_MAX - pending.length },
      },
    });
    try {
      await writeAtomically(table.client, actions);
      break;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const failed = new Set(error.failures.filter((f) => f.index < actions.length - 1).map((f) => Math.floor(f.index / 3)));
      // Only the count's condition failed: the person is at the limit.
      if (failed.size === 0) throw new ListLimitError(LISTS_PER_PERSON_MAX, 'lists');
      const failedRecords = pending.filter((_, index) => failed.has(index));
      const heads = await readByKey(
        table,
        failedRecords.map((record) => listHeadKey(record.listId)),
      );
      const conflicting: string[] = [];
      for (const record of failedRecords) {
        const head = heads(listHeadKey(record.listId));
        // A retry of this very create: the same owner, id and name, still there.
        if (isLive(head) && head.ownerId === person.id && head.name === record.name && round < MAX_CREATE_ROUNDS) {
          alreadyStored.set(record.listId, toList(head, { role: 'owner' }, person.id));
        } else {
          conflicting.push(record.listId);
        }
      }
      if (conflicting.length > 0) throw new ListConflictError(conflicting, 'id-taken');
      pending = pending.filter((record) => !alreadyStored.has(record.listId));
    }
  }
  return records.map(
    ({ listId, name }) =>
      alreadyStored.get(listId) ??
      toList(headItem({ listId, name, ownerId: person.id, isDefault: false, timestamp }), { role: 'owner' }, person.id),
  );
}

/** Renames (owner or editor); every member's feed is told first. All or none. */
export async function updateLists(table: ListTable, person: Person, items: UpdateListsInput['items']): Promise<List[]> {
  const keys = items.map((item) => membershipKey(person.id, item.id));
  const memberships = await readByKey(table, keys);
  const mine = keys.map((key) => memberships(key));
  if (!mine.every(isLive)) throw new ListNotFoundError();
  for (const membership of mine) checkRole(membership, 'write');
  const timestamp = table.now().toISOString();
  await Promise.all(items.map((item) => bumpMembers(table, item.id, timestamp)));
  try {
    await writeAtomically(
      table.client,
      items.map((item) => ({
        Update: {
          TableName: table.tableName,
          Key: listHeadKey(item.id),
          UpdateExpression: 'SET #name = :name, #updatedAt = :now, #version = #version + :one',
          ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#deleted)${item.expectedVersion === undefined ? '' : ' AND #version = :expected'}`,
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#name': 'name', '#updatedAt': 'updatedAt', '#version': 'version', '#deleted': 'deleted' },
          ExpressionAttributeValues: {
            ':name': item.changes.name,
            ':now': timestamp,
            ':one': 1,
            ...(item.expectedVersion !== undefined && { ':expected': item.expectedVersion }),
          },
        },
      })),
    );
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failures.some((failure) => !isLive(failure.existing))) throw new ListNotFoundError();
    throw new ListConflictError(
      error.failures.map((failure) => items[failure.index]?.id ?? ''),
      'version-mismatch',
    );
  }
  return listsOf(table, person, mine);
}

/**
 * Deletes lists the person owns (decision 092, list-purge.ts). Ids that are not (or no longer)
 * the caller's lists are ignored, as `todos.delete` ignores missing ids, so a retry is safe and
 * nothing tells a non-member whether a list exists.
 */
export async function deleteLists(table: ListTable, person: Person, ids: readonly string[], options: ListLifecycleOptions): Promise<string[]> {
  // Made or not yet, the default list is never deleted.
  if (ids.includes(defaultListId(person.id))) throw new ListForbiddenError('Your default list cannot be deleted');
  const keys = ids.map((id) => membershipKey(person.id, id));
  const memberships = await readByKey(table, keys);
  const mine = keys.map((key) => memberships(key));
  for (const membership of mine) {
    if (!isLive(membership)) continue;
    checkRole(membership, 'owner');
  }
  let budget = options.purgeItemsPerRequest;
  for (const membership of mine) {
    if (membership === undefined) continue;
    const listId = membership.listId as string;
    if (isTombstone(membership) && membership.purge !== true) continue;
    if (!isTombstone(membership)) await unlinkList(table, listId, person.id);
    // What the budget does not cover now, later requests of the owner purge (list-purge.ts).
    if (budget > 0) budget -= (await purgeList(table, listId, person.id, budget)).deleted;
  }
  return [...ids];
}

/** Step 1 of a delete: the head marked deleted and every membership a tombstone, in one transaction. */
async function unlinkList(table: ListTable, listId: string, ownerId: string): Promise<void> {
  for (let round = 1; ; round++) {
    const members = await listMembers(table, listId);
    const now = table.now();
    const timestamp = now.toISOString();
    const actions: WriteAction[] = [
      {
        Update: {
          TableName: table.tableName,
          Key: listHeadKey(listId),
          UpdateExpression: 'SET #deleted = :true, #updatedAt = :now',
          // The members read above are all of them: a join in between changes the count.
          ConditionExpression: 'attribute_not_exists(#deleted) AND #count = :count',
          ExpressionAttributeNames: { '#deleted': 'deleted', '#updatedAt': 'updatedAt', '#count': 'memberCount' },
          ExpressionAttributeValues: { ':true': true, ':now': timestamp, ':count': members.length },
        },
      },
      ...members.flatMap((member): WriteAction[] => {
        const userId = member.userId as string;
        const owner = userId === ownerId;
        const tombstone = membershipTombstone(userId, listId, timestamp, owner ? undefined : tombstoneExpiry(now));
        return [
          { Put: { TableName: table.tableName, Item: owner ? { ...tombstone, purge: true } : tombstone } },
          listCountDown(table.tableName, userId),
        ];
      }),
    ];
    try {
      await writeAtomically(table.client, actions);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError) || round >= MAX_DELETE_ROUNDS) throw error;
    }
  }
}
