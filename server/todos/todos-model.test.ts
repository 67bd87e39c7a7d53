/**
 * Model-based property test: random sequences of concurrent create / retried
 * create / update (with and without `expectedVersion`, single and batched) /
 * delete from several users, sent over HTTP to the real API (Lambda handler, real
 * tokens, DynamoDB Local), and applied to an in-memory model of the documented
 * semantics. Every answer must match the model, and after every step each user's
 * full list must equal the model: no acknowledged write is lost, none appears twice,
 * no user sees another's rows.
 *
 * Concurrency without guesswork: within one step, all users' operations run at the
 * same time, and one user's concurrent operations touch disjoint ids, so the
 * outcome does not depend on their order. Lists run between steps.
 *
 * Reproduce a failure with the seed (and path) fast-check prints:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run server/todos/todos-model.test.ts
 */
import { TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Todo, TodoStatus } from '../../shared/todo';
import { createTodosClient, type TodosClient } from '../../client/api/create-todos-client';
import { fetchAllTodos } from '../../client/api/fetch-all-todos';
import { startLocalApi, type LocalApi } from '../testing/local-api';

const USERS = 3;

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

// ---- the model ---------------------------------------------------------------

interface ModelTodo {
  id: string;
  name: string;
  status: TodoStatus;
  version: number;
}
type Model = Map<string, ModelTodo>;
type Outcome = { ok: unknown } | { error: string };

// ---- commands ----------------------------------------------------------------

const nameArb = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0 && !/\p{Cc}/u.test(s));
const statusArb = fc.constantFrom<TodoStatus>('pending', 'completed');
const changesArb = fc
  .record({ name: fc.option(nameArb, { nil: undefined }), status: fc.option(statusArb, { nil: undefined }) })
  .filter((c) => c.name !== undefined || c.status !== undefined);
const versionModeArb = fc.constantFrom('none', 'current', 'stale' as const);

type Command =
  | { t: 'create'; items: { id: string; name: string; status: TodoStatus | undefined }[] }
  | { t: 'retryCreate'; pick: number }
  | { t: 'update'; picks: number[]; changes: { name: string | undefined; status: TodoStatus | undefined }; version: 'none' | 'current' | 'stale' }
  | { t: 'updateMissing'; id: string }
  | { t: 'delete'; picks: number[] }
  | { t: 'deleteMissing'; id: string };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('create' as const), items: fc.array(fc.record({ id: fc.uuid(), name: nameArb, status: fc.option(statusArb, { nil: undefined }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('retryCreate' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('update' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), changes: changesArb, version: versionModeArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('updateMissing' as const), id: fc.uuid() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteMissing' as const), id: fc.uuid() }) },
);
/** One step: for each user, up to 3 operations sent concurrently. */
const stepArb = fc.array(fc.array(commandArb, { maxLength: 3 }), { minLength: USERS, maxLength: USERS });

// ---- running a command against the API and the model -------------------------

interface UserState {
  client: TodosClient;
  model: Model;
  /** Create batches sent so far, for retries. */
  sentCreates: { id: string; name: string; status: TodoStatus | undefined }[][];
  /** Deleted ids and their tombstone's version: a create of the id again continues from it. */
  tombstones: Map<string, number>;
}

const trimmed = (name: string) => name.trim();
const view = (todo: Pick<Todo, 'id' | 'name' | 'status' | 'version'>) => ({ id: todo.id, name: todo.name, status: todo.status, version: todo.version });

async function outcomeOf(call: Promise<Todo[] | string[]>): Promise<Outcome> {
  try {
    const result = await call;
    return { ok: result.map((item) => (typeof item === 'string' ? item : view(item))) };
  } catch (error) {
    if (error instanceof TRPCClientError) return { error: (error.data as { code?: string } | undefined)?.code ?? 'UNKNOWN' };
    throw error;
  }
}

/** A created todo starts at version 1, or one above the tombstone of its id. */
const firstVersion = (user: UserState, id: string) => (user.tombstones.get(id) ?? 0) + 1;

/**
 * Turns a generated command into a concrete call for this user's current model, using ids
 * no other operation of the same step uses (`taken`). Returns the expected outcome and the
 * model change to apply after the step, or undefined when the command does not apply.
 */
function plan(user: UserState, command: Command, taken: Set<string>) {
  const { client, model } = user;
  const free = [...model.keys()].sort().filter((id) => !taken.has(id));
  const pickIds = (picks: number[]) => {
    const ids: string[] = [];
    const pool = [...free];
    for (const pick of picks) {
      if (pool.length === 0) break;
      const [id] = pool.splice(pick % pool.length, 1);
      if (id) ids.push(id);
    }
    return ids;
  };
  switch (command.t) {
    case 'create': {
      if (command.items.some((item) => model.has(item.id) || taken.has(item.id))) return undefined;
      if (new Set(command.items.map((i) => i.id)).size !== command.items.length) return undefined;
      for (const item of command.items) taken.add(item.id);
      user.sentCreates.push(command.items);
      const rows = command.items.map((item) => ({ id: item.id, name: trimmed(item.name), status: item.status ?? 'pending', version: firstVersion(user, item.id) }));
      return {
        call: () => outcomeOf(client.todos.create.mutate({ items: command.items.map((i) => ({ id: i.id, name: i.name, ...(i.status && { status: i.status }) })) })),
        expected: { ok: rows } as Outcome,
        apply: () => rows.forEach((row) => model.set(row.id, row)),
      };
    }
    case 'retryCreate': {
      if (user.sentCreates.length === 0) return undefined;
      const batch = user.sentCreates[command.pick % user.sentCreates.length] ?? [];
      if (batch.some((item) => taken.has(item.id))) return undefined;
      for (const item of batch) taken.add(item.id);
      const conflict = batch.some((item) => {
        const stored = model.get(item.id);
        return stored && (stored.name !== trimmed(item.name) || stored.status !== (item.status ?? 'pending'));
      });
      const rows = batch.map((item) => model.get(item.id) ?? { id: item.id, name: trimmed(item.name), status: item.status ?? 'pending', version: firstVersion(user, item.id) });
      return {
        call: () => outcomeOf(client.todos.create.mutate({ items: batch.map((i) => ({ id: i.id, name: i.name, ...(i.status && { status: i.status }) })) })),
        expected: (conflict ? { error: 'CONFLICT' } : { ok: rows.map((r) => ({ ...r })) }) as Outcome,
        apply: () => {
          if (!conflict) rows.forEach((row) => model.set(row.id, row));
        },
      };
    }
    case 'update': {
      const ids = pickIds(command.picks);
      if (ids.length === 0) return undefined;
      ids.forEach((id) => taken.add(id));
      const current = ids.map((id) => model.get(id) as ModelTodo);
      const stale = command.version === 'stale';
      const next = current.map((todo) => ({
        ...todo,
        name: command.changes.name === undefined ? todo.name : trimmed(command.changes.name),
        status: command.changes.status ?? todo.status,
        version: todo.version + 1,
      }));
      return {
        call: () =>
          outcomeOf(
            client.todos.update.mutate({
              items: current.map((todo) => ({
                id: todo.id,
                changes: { ...(command.changes.name !== undefined && { name: command.changes.name }), ...(command.changes.status && { status: command.changes.status }) },
                ...(command.version !== 'none' && { expectedVersion: stale ? todo.version + 1 : todo.version }),
              })),
            }),
          ),
        expected: (stale ? { error: 'CONFLICT' } : { ok: next }) as Outcome,
        apply: () => {
          if (!stale) next.forEach((todo) => model.set(todo.id, todo));
        },
      };
    }
    case 'updateMissing': {
      if (model.has(command.id) || taken.has(command.id)) return undefined;
      taken.add(command.id);
      return {
        call: () => outcomeOf(client.todos.update.mutate({ items: [{ id: command.id, changes: { status: 'completed' } }] })),
        expected: { error: 'NOT_FOUND' } as Outcome,
        apply: () => undefined,
      };
    }
    case 'delete': {
      const ids = pickIds(command.picks);
      if (ids.length === 0) return undefined;
      ids.forEach((id) => taken.add(id));
      return {
        call: () => outcomeOf(client.todos.delete.mutate({ ids })),
        expected: { ok: ids } as Outcome,
        apply: () =>
          ids.forEach((id) => {
            user.tombstones.set(id, (model.get(id)?.version ?? 0) + 1);
            model.delete(id);
          }),
      };
    }
    case 'deleteMissing': {
      if (model.has(command.id) || taken.has(command.id)) return undefined;
      taken.add(command.id);
      return {
        call: () => outcomeOf(client.todos.delete.mutate({ ids: [command.id] })),
        expected: { ok: [command.id] } as Outcome,
        apply: () => undefined,
      };
    }
  }
}

// ---- the property -------------------------------------------------------------

describe('todos API against its model', () => {
  it('agrees on every answer and every list, for concurrent users and callers', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 6 }), async (steps) => {
        run++;
        const users: UserState[] = await Promise.all(
          Array.from({ length: USERS }, async (_, index) => {
            const token = await api.identity.tokenFor(`model-${run}-${index}-${Math.random().toString(36).slice(2)}`);
            return { client: createTodosClient({ url: api.url, getToken: () => token }), model: new Map(), sentCreates: [], tombstones: new Map() };
          }),
        );
        for (const step of steps) {
          const planned = users.flatMap((user, index) => {
            const taken = new Set<string>();
            return (step[index] ?? []).flatMap((command) => plan(user, command, taken) ?? []);
          });
          const outcomes = await Promise.all(planned.map((p) => p.call()));
          planned.forEach((p, index) => {
            expect(outcomes[index]).toEqual(p.expected);
            p.apply();
          });
          const lists = await Promise.all(users.map((user) => fetchAllTodos(user.client)));
          users.forEach((user, index) => {
            const expected = [...user.model.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
            expect(lists[index]?.map(view)).toEqual(expected);
          });
        }
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 15),
        ...(process.env.FC_SEED && { seed: Number(process.env.FC_SEED) }),
        ...(process.env.FC_PATH && { path: process.env.FC_PATH }),
      },
    );
  }, 120_000);
});
