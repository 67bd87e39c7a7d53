/**
 * Telling every member's change feed that a list changed (decision 091). A person's feed reads
 * one partition, their own (`USER#<id>`): each of their membership items carries a change key,
 * and a write to a list moves that key on for every member ("a bump"). An idle poll therefore
 * reads nothing, however many lists the person has; a write pays for the members instead.
 *
 * - **Before the write.** A list's members are bumped before its todos are written, with the
 *   same request time as the todos' change keys. A bump that fails fails the request before
 *   anything is written; a write that fails after its bump costs a feed one harmless re-read.
 * - **At most once per SKIP_MS per writer.** The writer's own membership item (which
 *   authorization has just read) records when *that writer* last bumped every member
 *   (`bumpedAt`, set only after all the others succeeded, so a failed fan-out is retried by the
 *   next write). Within SKIP_MS of it, the write bumps no one. The feed makes up for it by looking
 *   SKIP_MS further back in the memberships than in the todos (change-feed.ts), so every todo
 *   change after the cursor is found: its list's key is at most SKIP_MS older than it.
 * - **Keys never move back.** A bump is conditional on the key it replaces being no newer, and on
 *   the membership being live: it never revives one that ended meanwhile.
 *
 * Cost: one strongly consistent Query of the members (≤ MEMBERS_PER_LIST_MAX items) and one
 * UpdateItem per member: 1 write unit for the item, 2 for its `byChange` entry (the key moves).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CHANGE_KEY, PARTITION_KEY } from '../dynamodb/todos-table-keys';
import type { StoredItem } from '../dynamodb/write-atomically';
import { changeKey } from '../todos/todo-change-cursor';
import { listPartition, MEMBER_SORT_KEY_PREFIX, membershipKey } from './list-keys';
import { readPrefix, type ListTable } from './list-table';

/** How long after a writer's last bump its writes to the same list bump no one. */
export const SKIP_MS = 5_000;

/** The members of a list, read strongly consistent (a member who just joined must be told too). */
export function listMembers(table: ListTable, listId: string): Promise<StoredItem[]> {
  return readPrefix(table, listPartition(listId), MEMBER_SORT_KEY_PREFIX);
}

/** True when `membership` (the writer's own, just read) shows a complete bump within SKIP_MS of `now`. */
export function recentlyBumped(membership: StoredItem, now: Date): boolean {
  return typeof membership.bumpedAt === 'number' && now.getTime() - membership.bumpedAt < SKIP_MS;
}

async function bumpOne(table: ListTable, userId: string, listId: string, key: string, extra: Record<string, unknown>): Promise<void> {
  const names: Record<string, string> = { '#pk': PARTITION_KEY, '#deleted': 'deleted', '#change': CHANGE_KEY };
  const values: Record<string, unknown> = { ':change': key };
  const sets = ['#change = :change'];
  for (const [name, value] of Object.entries(extra)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: membershipKey(userId, listId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deleted) AND #change <= :change',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    // Ended meanwhile, or bumped later already: nothing to tell.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Moves every member's change key for `listId` to `timestamp` (the writer's own last, with
 * `bumpedAt`). `writerId` undefined: a list-level change (rename, join, removal) told to everyone.
 */
export async function bumpMembers(table: ListTable, listId: string, timestamp: string, writerId?: string): Promise<void> {
  const key = changeKey(timestamp, listId);
  const members = await listMembers(table, listId);
  const others = members.map((member) => member.userId as string).filter((userId) => userId !== writerId);
  await Promise.all(others.map((userId) => bumpOne(table, userId, listId, key, {})));
  if (writerId !== undefined) await bumpOne(table, writerId, listId, key, { bumpedAt: Date.parse(timestamp) });
}
