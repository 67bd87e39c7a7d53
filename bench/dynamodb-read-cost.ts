/**
 * DynamoDB read capacity of the read paths, as DynamoDB Local reports it
 * (`ReturnConsumedCapacity: TOTAL` added to every call by SDK middleware): an idle
 * change-feed poll, a poll per change, and loading a whole list of 10,000 todos.
 * Capacity units follow DynamoDB's rules (4 KB per read unit, eventually consistent
 * reads half), so these figures carry over to AWS; latency does not.
 */
import { randomUUID } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { MAX_ITEMS_PER_WRITE } from '../shared/limits';
import { ensureTable } from '../server/dynamodb/create-table';
import { createDocumentClient } from '../server/dynamodb/document-client';
import { localClient } from '../server/local/local-client';
import { defaultTodoList } from '../server/lists/list-keys';
import { DynamoDbTodoRepository } from '../server/todos/dynamodb-todo-repository';

const LIST_SIZE = 10_000;
const CHANGES = 100;

export interface ReadCost {
  label: string;
  calls: number;
  readUnits: number;
  items: number;
}

export async function benchReadCost(dynamoEndpoint: string): Promise<ReadCost[]> {
  const client = localClient(dynamoEndpoint);
  let calls = 0;
  let readUnits = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const reads = context.commandName === 'QueryCommand' || context.commandName === 'BatchGetItemCommand';
      if (reads) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (reads) {
        calls++;
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
        for (const entry of [consumed ?? []].flat()) readUnits += entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'countReadCapacity' },
  );
  const tableName = `bench-read-cost-${randomUUID()}`;
  await ensureTable(client, tableName);
  let clock = Date.now();
  // A clock the benchmark moves, so the settle window passes without waiting 15 s.
  const repo = new DynamoDbTodoRepository({ client: createDocumentClient(client), tableName, now: () => new Date(clock) });
  const owner = defaultTodoList(`bench-${randomUUID()}`);
  /** Runs `read` (which returns how many items it got) and counts its calls and read units. */
  const measure = async (label: string, read: () => Promise<number>): Promise<ReadCost> => {
    calls = 0;
    readUnits = 0;
    const items = await read();
    return { label, calls, readUnits, items };
  };

  for (let done = 0; done < LIST_SIZE; done += MAX_ITEMS_PER_WRITE) {
    await repo.create(owner, Array.from({ length: MAX_ITEMS_PER_WRITE }, (_, i) => ({ name: `todo ${done + i}` })));
  }
  const results: ReadCost[] = [];
  let cursor = '';
  results.push(
    await measure(`load all ${LIST_SIZE.toLocaleString('en')} todos (todos.list, every page)`, async () => {
      let total = 0;
      let listCursor: string | undefined;
      do {
        const page = await repo.listPage(owner, listCursor === undefined ? {} : { cursor: listCursor });
        if (total === 0) cursor = page.changesCursor;
        total += page.items.length;
        listCursor = page.nextCursor ?? undefined;
      } while (listCursor !== undefined);
      return total;
    }),
  );
  /** Polls until the feed has nothing more right now; returns how many changes came. */
  const poll = async () => {
    let received = 0;
    for (;;) {
      const page = await repo.changes(owner, { cursor });
      cursor = page.cursor;
      if (page.expired) throw new Error('the cursor cannot expire here');
      received += page.changes.length;
      if (!page.hasMore) return received;
    }
  };
  // The bulk load comes through the feed too (it was written after the list's cursor);
  // once it has settled, every poll from here on is idle.
  clock += 60_000;
  await poll();
  await poll();
  results.push(await measure('idle poll (todos.changes, nothing new)', poll));

  const { items } = await repo.listPage(owner, { limit: CHANGES });
  clock += 1000;
  for (const todo of items) await repo.update(owner, [{ id: todo.id, changes: { status: 'completed' } }]);
  clock += 60_000;
  results.push(await measure(`poll after ${CHANGES} updates`, poll));
  client.destroy();
  return results;
}

export function formatReadCost(results: readonly ReadCost[]): string {
  return [
    '| read | DynamoDB calls | items | read units | per item |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.calls} | ${r.items.toLocaleString('en')} | ${r.readUnits.toFixed(1)} | ${r.items === 0 ? '–' : (r.readUnits / r.items).toFixed(3)} |`,
    ),
  ].join('\n');
}
