/**
 * Deleting a list beyond one transaction (decision 092): a list with more todos and members than
 * one transaction holds is deleted in checked steps, and at no step is anything of it visible to
 * anyone. Over HTTP with the function's own bound, then through the router with a small bound so
 * the steps can be watched one by one.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_WRITE } from '../../shared/limits';
import type { SyncChangesPage } from '../../shared/sync-page';
import { createCaller } from '../app-router';
import { createDataStore } from '../dynamodb-data-store';
import { MAX_TRANSACTION_ACTIONS } from '../dynamodb/write-atomically';
import { failure, person } from '../testing/api-people';
import { startLocalApi, type LocalApi } from '../testing/local-api';
import { contextFor, userCaller } from '../testing/test-caller';
import { createTestTable, type TestTable } from '../testing/test-table';
import { listPartition, membershipKey } from './list-keys';

/** Todos enough that deleting them takes more than one transaction (with members on top). */
const TODOS = 2 * MAX_TRANSACTION_ACTIONS + 50;

async function partitionItems(table: TestTable, listId: string): Promise<number> {
  const { Count } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': listPartition(listId) },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  return Count ?? 0;
}

const removals = (page: SyncChangesPage) => (page.expired ? [] : page.lists.filter((l) => l.deleted).map((l) => l.id));

describe('over HTTP', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi();
  });
  afterAll(() => api.stop());

  it(`deletes a list of ${TODOS} todos and its members for everyone, leaving nothing behind`, { timeout: 120_000 }, async () => {
    const [ann, ben, cat] = await Promise.all([person(api, 'ann'), person(api, 'ben'), person(api, 'cat')]);
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'big' }] });
    const listId = list?.id ?? '';
    const { token } = await ann.api.lists.invite.mutate({ listId, role: 'editor' });
    for (const member of [ben, cat]) await member.api.lists.join.mutate({ token });
    for (let made = 0; made < TODOS; made += MAX_ITEMS_PER_WRITE) {
      const count = Math.min(MAX_ITEMS_PER_WRITE, TODOS - made);
      await ben.api.todos.create.mutate({ items: Array.from({ length: count }, (_, i) => ({ name: `todo ${made + i}`, listId })) });
    }
    const benCursor = (await ben.api.lists.list.query()).changesCursor;
    expect(await partitionItems(api.table, listId)).toBeGreaterThan(MAX_TRANSACTION_ACTIONS);

    expect(await ann.api.lists.delete.mutate({ ids: [listId] })).toEqual([listId]);
    for (const who of [ann, ben, cat]) {
      expect(await failure(who.api.todos.list.query({ listId }))).toMatchObject({ code: 'NOT_FOUND' });
      expect((await who.api.lists.list.query()).items.map((l) => l.id)).not.toContain(listId);
    }
    expect(removals(await ben.api.sync.changes.query({ cursor: benCursor }))).toContain(listId);
    expect(await failure(cat.api.lists.join.mutate({ token }))).toMatchObject({ code: 'NOT_FOUND' });
    // Within the function's purge bound: the partition is empty after the one request.
    expect(await partitionItems(api.table, listId)).toBe(0);
  });
});

describe('step by step (a purge bound of 40 items per request)', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });
  /** A fresh context (and request budget) for every call, as every HTTP request has. */
  const callerFor = (userId: string) => {
    const store = createDataStore({ client: table.documentClient, tableName: table.tableName, purgeItemsPerRequest: 40 });
    return createCaller(() => contextFor(userCaller(userId, userId), store));
  };

  it('makes the list unreachable in one transaction, then purges in bounded steps that no one can see', { timeout: 120_000 }, async () => {
    const [annId, benId] = [`ann-${Date.now()}`, `ben-${Date.now()}`];
    const [ann, ben] = [callerFor(annId), callerFor(benId)];
    const [list] = await ann.lists.create({ items: [{ name: 'watched' }] });
    const listId = list?.id ?? '';
    const { token } = await ann.lists.invite({ listId, role: 'viewer' });
    await ben.lists.join({ token });
    for (let made = 0; made < 150; made += MAX_ITEMS_PER_WRITE) {
      await ann.todos.create({ items: Array.from({ length: Math.min(MAX_ITEMS_PER_WRITE, 150 - made) }, (_, i) => ({ name: `t${made + i}`, listId })) });
    }
    await ann.lists.delete({ ids: [listId] });
    const steps: number[] = [await partitionItems(table, listId)];
    while ((steps.at(-1) ?? 0) > 0) {
      // Between steps: nothing of the list reaches anyone, by any call.
      for (const who of [ann, ben]) {
        await expect(who.todos.list({ listId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(who.lists.members({ listId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(who.todos.create({ items: [{ name: 'orphan?', listId }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
      // The owner's next lists.list continues the purge by one bounded step.
      expect((await ann.lists.list()).items.map((l) => l.id)).not.toContain(listId);
      steps.push(await partitionItems(table, listId));
    }
    // 150 todos, 2 members, a counter and the head: 154 items, 40 per request.
    expect(steps).toEqual([154 - 40, 154 - 80, 154 - 120, 0]);
    // Done: the owner's tombstone loses its purge mark and gets its expiry (TTL removes it).
    const { Items } = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': membershipKey(annId, listId).pk, ':sk': membershipKey(annId, listId).sk },
      }),
    );
    expect(Items?.[0]).toMatchObject({ deleted: true, expiresAt: expect.any(Number) as number });
    expect(Items?.[0]?.purge).toBeUndefined();
  });
});
