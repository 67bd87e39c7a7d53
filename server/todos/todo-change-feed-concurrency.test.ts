/**
 * The change feed misses nothing (decision 042): several writers, each like a Lambda
 * instance with its own clock, write at once while a poller follows the feed. Every write
 * is held back for a random time between taking its timestamp and reaching DynamoDB Local,
 * and the clocks differ, so writes land out of change-key order all the time: a cursor that
 * simply moved to the last key it saw would skip some of them. At the end the poller's copy
 * must equal the table exactly, deletions included.
 *
 * The settle window is 3 s here (15 s in the function): it covers the ±300 ms clocks and
 * two writes per operation held back 0–500 ms each, with room for a slow machine.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Todo, TodoChange } from '../../shared/todo';
import { createDocumentClient } from '../dynamodb/document-client';
import { localClient } from '../local/local-client';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from './dynamodb-todo-repository';
import { TodoConflictError, TodoNotFoundError } from './todo-errors';

const SETTLE_MS = 3000;
const WRITERS = 4;
const OPERATIONS_PER_WRITER = 40;
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand']);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (max: number) => Math.floor(Math.random() * max);

/** A writer like one Lambda instance: its own clock offset, and writes that take a while to land. */
function writer(clockOffsetMs: number) {
  const client = localClient(table.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? '')) await sleep(randomInt(500));
      return next(args);
    },
    { step: 'initialize', name: 'holdBackWrites' },
  );
  return new DynamoDbTodoRepository({
    client: createDocumentClient(client),
    tableName: table.tableName,
    now: () => new Date(Date.now() + clockOffsetMs),
    settleMs: SETTLE_MS,
  });
}

/** What a device keeps: the highest version seen of every todo, tombstones included. */
class Replica {
  readonly rows = new Map<string, TodoChange>();
  apply(changes: readonly TodoChange[]) {
    for (const change of changes) {
      const known = this.rows.get(change.id);
      if (!known || change.version > known.version) this.rows.set(change.id, change);
    }
  }
  live(): Todo[] {
    return [...this.rows.values()]
      .flatMap((row) => (row.deleted ? [] : [{ id: row.id, name: row.name, status: row.status, createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version }]))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

async function listAll(repo: DynamoDbTodoRepository, owner: string) {
  const todos: Todo[] = [];
  let cursor: string | undefined;
  const pages = [];
  do {
    const page = await repo.listPage(owner, cursor === undefined ? {} : { cursor });
    pages.push(page);
    todos.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  // The first page's cursor: taken before anything was read.
  return { todos, changesCursor: pages[0]?.changesCursor ?? '' };
}

describe('change feed with concurrent writers', () => {
  it('delivers every create, update and delete to a poller, whatever order the writes land in', { timeout: 120_000 }, async () => {
    const owner = `owner-${randomUUID()}`;
    // The poller's clock runs ahead of every writer: the hardest case for late writes.
    const poller = new DynamoDbTodoRepository({
      client: table.documentClient,
      tableName: table.tableName,
      now: () => new Date(Date.now() + 300),
      settleMs: SETTLE_MS,
    });
    const seed = await writer(0).create(
      owner,
      Array.from({ length: 10 }, (_, index) => ({ id: uuidv7(), name: `seed ${index}` })),
    );
    const ids = seed.map((todo) => todo.id);

    const replica = new Replica();
    const initial = await listAll(poller, owner);
    replica.apply(initial.todos.map((todo) => ({ ...todo, deleted: false as const })));
    let cursor = initial.changesCursor;
    let polls = 0;
    const state = { writing: true };

    const poll = async () => {
      for (;;) {
        const page = await poller.changes(owner, { cursor, limit: 7 });
        polls++;
        if (page.expired) throw new Error('the cursor cannot expire within a test');
        replica.apply(page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return;
      }
    };
    const polling = (async () => {
      while (state.writing) {
        await poll();
        await sleep(30);
      }
    })();

    const offsets = [-300, -100, 100, 300];
    let operations = 0;
    let slowestWriteMs = 0;
    await Promise.all(
      offsets.slice(0, WRITERS).map(async (offset) => {
        const repo = writer(offset);
        for (let step = 0; step < OPERATIONS_PER_WRITER; step++) {
          const target = ids[randomInt(ids.length)] ?? '';
          const dice = randomInt(10);
          const started = Date.now();
          try {
            if (dice < 4) {
              const id = uuidv7();
              ids.push(id);
              await repo.create(owner, [{ id, name: `w${offset} ${step}` }]);
            } else if (dice < 8) {
              await repo.update(owner, [{ id: target, changes: randomInt(2) ? { name: `r${offset} ${step}` } : { status: 'completed' } }]);
            } else {
              await repo.delete(owner, [target]);
            }
            operations++;
          } catch (error) {
            // Another writer deleted the target first: expected in this race.
            if (!(error instanceof TodoNotFoundError || error instanceof TodoConflictError)) throw error;
          } finally {
            slowestWriteMs = Math.max(slowestWriteMs, Date.now() - started);
          }
        }
      }),
    );
    state.writing = false;
    await polling;
    // One more poll after the last write: it re-reads the last settle window.
    await poll();

    const table_ = await listAll(poller, owner);
    const expected = table_.todos.sort((a, b) => a.id.localeCompare(b.id));
    // The feed's promise holds for writes that land within the settle window (the function's
    // timeout guarantees it in AWS). Checked first, so a failure below is the feed's fault.
    expect(slowestWriteMs + 600, 'a write took longer than the settle window allows').toBeLessThan(SETTLE_MS);
    expect(operations).toBeGreaterThan(WRITERS * OPERATIONS_PER_WRITER * 0.5);
    expect(polls).toBeGreaterThan(5);
    expect(replica.live()).toEqual(expected);
    // Deleted todos are known to the poller as tombstones, not silently absent.
    const tombstones = [...replica.rows.values()].filter((change) => change.deleted);
    expect(tombstones.length).toBeGreaterThan(0);
    expect(tombstones.every((change) => !expected.some((todo) => todo.id === change.id))).toBe(true);
  });
});
