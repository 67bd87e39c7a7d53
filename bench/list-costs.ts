/**
 * What lists and sharing cost in DynamoDB capacity (issue 24, decision 091), measured against
 * DynamoDB Local with `ReturnConsumedCapacity: INDEXES` on every call:
 *
 * - an idle `sync.changes` poll of a person with 1, 10 and 100 lists (target: at most 2 read units);
 * - one todo write (`todos.create` of one todo) in a list with M = 1, 5 and 20 members: the first
 *   write in a while (it tells every member's feed) and one within the skip window (it tells no one).
 *
 * DynamoDB Local reports 0 units for a Query that finds nothing; DynamoDB bills every Query at
 * least 0.5 read unit, so "billed" adds that minimum per read call. The clock is the benchmark's,
 * so windows pass without waiting.
 */
import { randomUUID } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { LISTS_PER_PERSON_MAX, MAX_LISTS_PER_WRITE } from '../shared/limits';
import { createCaller } from '../server/app-router';
import { createDataStore } from '../server/dynamodb-data-store';
import { ensureTable } from '../server/dynamodb/create-table';
import { createDocumentClient } from '../server/dynamodb/document-client';
import { localClient } from '../server/local/local-client';
import { contextFor, userCaller } from '../server/testing/test-caller';

const READS = new Set(['QueryCommand', 'BatchGetItemCommand', 'GetItemCommand']);

export interface CostRow {
  label: string;
  calls: number;
  readUnits: number;
  /** Read units as DynamoDB bills them: at least 0.5 per read call. */
  billedReadUnits: number;
  writeUnits: number;
}

export async function benchListCosts(dynamoEndpoint: string): Promise<{ polls: CostRow[]; writes: CostRow[] }> {
  const client = localClient(dynamoEndpoint);
  let meter = { calls: 0, reads: 0, billed: 0, writes: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      meter.calls++;
      if (READS.has(context.commandName ?? '')) {
        meter.reads += units;
        meter.billed += Math.max(0.5, units);
      } else {
        meter.writes += units;
      }
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  const tableName = `bench-list-costs-${randomUUID()}`;
  await ensureTable(client, tableName);
  let clock = Date.parse('2026-12-01T10:00:00.000Z');
  const store = createDataStore({ client: createDocumentClient(client), tableName, now: () => new Date(clock) });
  const as = (userId: string) => createCaller(() => contextFor(userCaller(userId, userId), store));
  const measure = async (label: string, run: () => Promise<unknown>): Promise<CostRow> => {
    meter = { calls: 0, reads: 0, billed: 0, writes: 0 };
    await run();
    return { label, calls: meter.calls, readUnits: meter.reads, billedReadUnits: meter.billed, writeUnits: meter.writes };
  };

  const polls: CostRow[] = [];
  for (const lists of [1, 10, LISTS_PER_PERSON_MAX]) {
    const person = as(`poller-${lists}-${randomUUID()}`);
    const { changesCursor } = await person.lists.list();
    for (let made = 1; made < lists; made += MAX_LISTS_PER_WRITE) {
      await person.lists.create({ items: Array.from({ length: Math.min(MAX_LISTS_PER_WRITE, lists - made) }, (_, i) => ({ name: `list ${made + i}` })) });
    }
    for (const list of (await person.lists.list()).items) await person.todos.create({ items: [{ name: 'a todo', listId: list.id }] });
    clock += 60_000;
    const first = await person.sync.changes({ cursor: changesCursor });
    if (first.expired) throw new Error('cannot expire here');
    polls.push(await measure(`idle poll, ${lists} list${lists === 1 ? '' : 's'}`, () => person.sync.changes({ cursor: first.cursor })));
  }

  const writes: CostRow[] = [];
  for (const members of [1, 5, 20]) {
    const owner = as(`owner-${members}-${randomUUID()}`);
    const [list] = await owner.lists.create({ items: [{ name: `${members} members` }] });
    const listId = list?.id ?? '';
    const { token } = await owner.lists.invite({ listId, role: 'editor' });
    for (let joined = 1; joined < members; joined++) await as(`member-${randomUUID()}`).lists.join({ token });
    clock += 60_000;
    writes.push(await measure(`M = ${members}: first write in a while (tells every member)`, () => owner.todos.create({ items: [{ name: 'tells everyone', listId }] })));
    clock += 1_000;
    writes.push(await measure(`M = ${members}: next write within the skip window`, () => owner.todos.create({ items: [{ name: 'tells no one', listId }] })));
  }
  client.destroy();
  return { polls, writes };
}

export function formatListCosts({ polls, writes }: { polls: readonly CostRow[]; writes: readonly CostRow[] }): string {
  const row = (r: CostRow) => `| ${r.label} | ${r.calls} | ${r.readUnits.toFixed(1)} | ${r.billedReadUnits.toFixed(1)} | ${r.writeUnits.toFixed(1)} |`;
  const header = ['| | DynamoDB calls | read units (Local) | read units billed | write units |', '|---|---|---|---|---|'];
  return [...header, ...polls.map(row), '', ...header, ...writes.map(row)].join('\n');
}
