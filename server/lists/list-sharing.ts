/**
 * Sharing (decision 092): invite links, joining, members, removal, leaving, revoking links.
 *
 * Invite tokens are 32 random bytes (base64url): unguessable. Only their SHA-256 is stored
 * (`INVITE#<hash>`), so the table never holds a working link, and the token itself says nothing
 * about the list. An invite carries the list's `inviteEpoch` when it was made: revoking open
 * links moves the epoch on, which makes every earlier invite invalid at once (one write, however
 * many links are out). An invite expires INVITE_LIFETIME_DAYS after it is made (checked on use;
 * TTL removes the item later). An expired, revoked, unknown or deleted-list invite all get the
 * same 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { INVITE_LIFETIME_DAYS, LISTS_PER_PERSON_MAX, MEMBERS_PER_LIST_MAX } from '../../shared/limits';
import { inviteUrl, type Invite, type InviteRole, type List, type Member } from '../../shared/list';
import { EXPIRES_AT, PARTITION_KEY } from '../dynamodb/todos-table-keys';
import { ConditionFailedError, writeAtomically } from '../dynamodb/write-atomically';
import { bumpMembers, listMembers } from './list-activity';
import { checkRole, membershipOf, type Person } from './list-access';
import { InviteNotValidError, ListForbiddenError, ListLimitError, ListNotFoundError, MemberNotFoundError } from './list-errors';
import { isLive, listCountDown, memberItem, membershipItem, membershipTombstone, toList, toMember } from './list-items';
import { inviteKey, listHeadKey, memberKey, membershipKey, profileKey } from './list-keys';
import { tombstoneExpiry } from './list-purge';
import { readOne, type ListTable } from './list-table';

const DAY_MS = 86_400_000;

const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

async function liveHead(table: ListTable, listId: string) {
  const head = await readOne(table, listHeadKey(listId));
  if (!isLive(head)) throw new ListNotFoundError();
  return head;
}

export async function createInvite(table: ListTable, person: Person, listId: string, role: InviteRole, origin: string): Promise<Invite> {
  checkRole(await membershipOf(table, person, listId), 'owner');
  const head = await liveHead(table, listId);
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(table.now().getTime() + INVITE_LIFETIME_DAYS * DAY_MS);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...inviteKey(hashOf(token)),
        entity: 'INVITE',
        listId,
        role,
        epoch: head.inviteEpoch,
        [EXPIRES_AT]: Math.ceil(expires.getTime() / 1000),
      },
    }),
  );
  return { token, url: inviteUrl(origin, token), expiresAt: expires.toISOString() };
}

/** Joins with the invite's role; a member already in the list keeps the role they have. */
export async function joinList(table: ListTable, person: Person, token: string): Promise<List> {
  const invite = await readOne(table, inviteKey(hashOf(token)));
  if (invite === undefined || (invite[EXPIRES_AT] as number) * 1000 <= table.now().getTime()) throw new InviteNotValidError();
  const listId = invite.listId as string;
  const head = await readOne(table, listHeadKey(listId));
  if (!isLive(head) || head.inviteEpoch !== invite.epoch) throw new InviteNotValidError();
  const existing = await readOne(table, membershipKey(person.id, listId));
  if (isLive(existing)) return toList(head, existing, person.id);

  const timestamp = table.now().toISOString();
  const member = { listId, ownerId: head.ownerId as string, userId: person.id, name: person.name, role: invite.role as InviteRole, timestamp };
  const membership = membershipItem(member);
  try {
    await writeAtomically(table.client, [
      {
        Update: {
          TableName: table.tableName,
          Key: listHeadKey(listId),
          UpdateExpression: 'ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#deleted) AND #epoch = :epoch AND #count < :max',
          ExpressionAttributeNames: { '#count': 'memberCount', '#deleted': 'deleted', '#epoch': 'inviteEpoch' },
          ExpressionAttributeValues: { ':one': 1, ':epoch': invite.epoch, ':max': MEMBERS_PER_LIST_MAX },
        },
      },
      {
        Put: {
          TableName: table.tableName,
          Item: memberItem(member),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        },
      },
      {
        Put: {
          TableName: table.tableName,
          Item: membership,
          // Over the tombstone of an earlier membership (left or removed before): joined again.
          ConditionExpression: 'attribute_not_exists(#pk) OR #deleted = :true',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#deleted': 'deleted' },
          ExpressionAttributeValues: { ':true': true },
        },
      },
      {
        Update: {
          TableName: table.tableName,
          Key: profileKey(person.id),
          UpdateExpression: 'ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'listCount' },
          ExpressionAttributeValues: { ':one': 1, ':max': LISTS_PER_PERSON_MAX },
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const failed = new Set(error.failures.map((failure) => failure.index));
    if (failed.has(0)) {
      const now = await readOne(table, listHeadKey(listId));
      if (isLive(now) && now.inviteEpoch === invite.epoch && (now.memberCount as number) >= MEMBERS_PER_LIST_MAX) {
        throw new ListLimitError(MEMBERS_PER_LIST_MAX, 'members');
      }
      if (!isLive(now) || now.inviteEpoch !== invite.epoch) throw new InviteNotValidError();
    }
    if (failed.has(3)) throw new ListLimitError(LISTS_PER_PERSON_MAX, 'lists');
    // Joined by a parallel request of the same person.
    const joined = await readOne(table, membershipKey(person.id, listId));
    if (isLive(joined)) return toList(head, joined, person.id);
    throw error;
  }
  // Everyone's list now has one more member.
  await bumpMembers(table, listId, timestamp);
  return toList({ ...head, memberCount: (head.memberCount as number) + 1 }, membership, person.id);
}

export async function membersOf(table: ListTable, person: Person, listId: string): Promise<Member[]> {
  await membershipOf(table, person, listId);
  const members = (await listMembers(table, listId)).map(toMember);
  // The owner first, then in the order they joined (sort keys are user ids: no order to keep).
  return members.sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner'));
}

/**
 * Ends a membership in one transaction: the member item goes, the person's membership becomes a
 * tombstone (their feed carries the removal; their next request is a 404), and both counts drop.
 * Then the remaining members' feeds are told.
 */
async function endMembership(table: ListTable, listId: string, userId: string): Promise<void> {
  const now = table.now();
  const timestamp = now.toISOString();
  try {
    await writeAtomically(table.client, [
      {
        Delete: {
          TableName: table.tableName,
          Key: memberKey(listId, userId),
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        },
      },
      {
        Put: {
          TableName: table.tableName,
          Item: membershipTombstone(userId, listId, timestamp, tombstoneExpiry(now)),
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deleted)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#deleted': 'deleted' },
        },
      },
      {
        Update: {
          TableName: table.tableName,
          Key: listHeadKey(listId),
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: 'attribute_not_exists(#deleted)',
          ExpressionAttributeNames: { '#count': 'memberCount', '#deleted': 'deleted' },
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
      listCountDown(table.tableName, userId),
    ]);
  } catch (error) {
    // Gone already (removed twice, left while being removed, list deleted): nothing to end.
    if (error instanceof ConditionFailedError) throw new MemberNotFoundError();
    throw error;
  }
  await bumpMembers(table, listId, timestamp);
}

/** The owner removes a member (a member removing themselves leaves). */
export async function removeMember(table: ListTable, person: Person, listId: string, userId: string): Promise<void> {
  if (userId === person.id) return leaveList(table, person, listId);
  checkRole(await membershipOf(table, person, listId), 'owner');
  await endMembership(table, listId, userId);
}

export async function leaveList(table: ListTable, person: Person, listId: string): Promise<void> {
  const membership = await membershipOf(table, person, listId);
  if (membership.role === 'owner') throw new ListForbiddenError('The owner cannot leave their list: delete it instead');
  await endMembership(table, listId, person.id);
}

/** Every invite made so far stops working; links made after this work again. */
export async function revokeInvites(table: ListTable, person: Person, listId: string): Promise<void> {
  checkRole(await membershipOf(table, person, listId), 'owner');
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: listHeadKey(listId),
        UpdateExpression: 'ADD #epoch :one',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deleted)',
        ExpressionAttributeNames: { '#epoch': 'inviteEpoch', '#pk': PARTITION_KEY, '#deleted': 'deleted' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ListNotFoundError();
    throw error;
  }
}
