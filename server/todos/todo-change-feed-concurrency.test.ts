/**
 * The change feed misses nothing (decision 042): several writers, each like a Lambda
 * instance with its own clock, write at once while a poller follows the feed. Every write
 * is held back for a random time between taking its timestamp and reaching DynamoDB Local,
 * and the clocks differ, so writes land out of change-key order all the time: a cursor that
 * simply moved to the last key it saw would skip some of them. At the end the poller's copy
 * must equal the table exactly, deletions included.
 *
 * The feed's one assumption is that a write becomes visible within the settle window of its
 * key's time. In AWS the function's timeout guarantees it; here the test guarantees it, so
 * that the outcome does not depend on how fast this machine is: the poller's clock never runs
 * further ahead than the oldest write still in flight allows (its key's time plus the settle
 * window). On a slow machine the poller waits longer; it never reads past a late write. The
 * window (3 s here, 15 s in the function) is then only how far back each poll reads again.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Todo, TodoChange } from '../../shared/todo';
import { createDocumentClient } from '../dynamodb/document-client';
import { localClient } from '../local/local-client';
import { createTestTable, type TestTable } from '../testing/test-table';
import { defaultTodoList } from '../lists/list-keys';
import type { TodoListRef } from './todo-keys';
import { DynamoDbTodoRepository } from './dynamodb-todo-repository';
import { TodoConflictError, TodoNotFoundError } from './todo-errors';

const SETTLE_MS = 3000;
const WRITERS = 4;
/** The writers' clocks: each instance is this far from the real time (the poller runs 300 ms ahead). */
const CLOCK_OFFSETS_MS = [-300, -100, 100, 300];
/** Polls the writers wait for, each, while they write: the poller always runs among the writes. */
const POLLS_PER_WRITER = 4;
const OPERATIONS_PER_WRITER = 40;
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand']);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (max: number) => Math.floor(Math.random() * max);

/**
 * The key times of the writes in flight (started, not yet answered), by the writing instance's
 * clock, taken before the repository takes its own: never later than the write's real key time.
 */
const inFlight = new Map<number, number>();
let nextWrite = 0;
async function tracked<T>(clockOffsetMs: number, write: () => Promise<T>): Promise<T> {
  const token = nextWrite++;
  inFlight.set(token, Date.now() + clockOffsetMs);
  try {
    return await write();
  } finally {
    inFlight.delete(token);
  }
}

/**
 * The poller's clock: 300 ms ahead of real time (the hardest case for late writes), but never
 * so far that its horizon (now − settle window) passes a write still in flight.
 */
function pollerNow(): Date {
  const ahead = Date.now() + 300;
  const oldestInFlight = Math.min(...inFlight.values());
  return new Date(Math.min(ahead, oldestInFlight + SETTLE_MS));
}

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
      .flatMap((row) => (row.deleted ? [] : [{ id: row.id, listId: row.listId, name: row.name, status: row.status, createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version }]))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

async function listAll(repo: DynamoDbTodoRepository, owner: TodoListRef) {
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
    const owner = defaultTodoList(`owner-${randomUUID()}`);
    const poller = new DynamoDbTodoRepository({
      client: table.documentClient,
      tableName: table.tableName,
      now: pollerNow,
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
    /** Resolves when the poller has finished one more poll. */
    let pollDone: () => void = () => undefined;
    let nextPoll = new Promise<void>((resolve) => (pollDone = resolve));

    const poll = async () => {
      for (;;) {
        const page = await poller.changes(owner, { cursor, limit: 7 });
        if (page.expired) throw new Error('the cursor cannot expire within a test');
        replica.apply(page.changes);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      polls++;
      pollDone();
      nextPoll = new Promise<void>((resolve) => (pollDone = resolve));
    };
    const polling = (async () => {
      while (state.writing) {
        await poll();
        await sleep(30);
      }
    })();

    let operations = 0;
    await Promise.all(
      CLOCK_OFFSETS_MS.slice(0, WRITERS).map(async (offset) => {
        const repo = writer(offset);
        for (let step = 0; step < OPERATIONS_PER_WRITER; step++) {
          // Now and then, wait for the poller to read: it must run among the writes, however slow they are.
          if (step % Math.ceil(OPERATIONS_PER_WRITER / POLLS_PER_WRITER) === 0) await nextPoll;
          const target = ids[randomInt(ids.length)] ?? '';
          const dice = randomInt(10);
          try {
            if (dice < 4) {
              const id = uuidv7();
              ids.push(id);
              await tracked(offset, () => repo.create(owner, [{ id, name: `w${offset} ${step}` }]));
            } else if (dice < 8) {
              await tracked(offset, () => repo.update(owner, [{ id: target, changes: randomInt(2) ? { name: `r${offset} ${step}` } : { status: 'completed' } }]));
            } else {
              await tracked(offset, () => repo.delete(owner, [target]));
            }
            operations++;
          } catch (error) {
            // Another writer deleted the target first: expected in this race.
            if (!(error instanceof TodoNotFoundError || error instanceof TodoConflictError)) throw error;
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
    expect(operations).toBeGreaterThan(WRITERS * OPERATIONS_PER_WRITER * 0.5);
    expect(polls).toBeGreaterThanOrEqual(POLLS_PER_WRITER);
    expect(replica.live()).toEqual(expected);
    // Deleted todos are known to the poller as tombstones, not silently absent.
    const tombstones = [...replica.rows.values()].filter((change) => change.deleted);
    expect(tombstones.length).toBeGreaterThan(0);
    expect(tombstones.every((change) => !expected.some((todo) => todo.id === change.id))).toBe(true);
  });
});
