/**
 * What a list costs after many deletes (issue 21, decision 060): `todos.list` for a user who
 * never deleted anything against one who created 1,001 todos and deleted 1,000 of them, whose
 * ids sort first (the worst case for a read in key order), through the full local stack with
 * the typed client. Also one GET batching 25 such lists, the largest batch a request may carry.
 */
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { createTodosClient, type TodosClient } from '../client/api/create-todos-client';
import { MAX_CALLS_PER_HTTP_BATCH, MAX_ITEMS_PER_WRITE } from '../shared/limits';
import { formatSummaries, summarize, type Summary } from './measure';

const DELETES = 1000;
const SAMPLES = 30;
const BATCH_SAMPLES = 10;

async function timed(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await fn();
  samples.push(performance.now() - start);
}

/** One todo left, after `deletes` deleted ones whose ids sort before it. */
async function prepare(api: TodosClient, deletes: number): Promise<void> {
  const ids = Array.from({ length: deletes + 1 }, () => uuidv7()).sort();
  for (let start = 0; start < ids.length; start += MAX_ITEMS_PER_WRITE) {
    await api.todos.create.mutate({ items: ids.slice(start, start + MAX_ITEMS_PER_WRITE).map((id) => ({ id, name: `todo ${id}` })) });
  }
  for (let start = 0; start < deletes; start += MAX_ITEMS_PER_WRITE) {
    await api.todos.delete.mutate({ ids: ids.slice(start, Math.min(start + MAX_ITEMS_PER_WRITE, deletes)) });
  }
  const { items } = await api.todos.list.query({ limit: 1 });
  if (items.length !== 1 || items[0]?.id !== ids[deletes]) throw new Error('expected exactly the one live todo');
}

/** Samples of both users alternate, so warm-up and the machine's load fall on both alike. */
async function measure(users: readonly { api: TodosClient; who: string }[]): Promise<Summary[]> {
  const single = users.map(() => [] as number[]);
  const batched = users.map(() => [] as number[]);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [index, { api }] of users.entries()) await timed(single[index] ?? [], () => api.todos.list.query({ limit: 1 }));
  }
  // Calls made in one tick go out as one HTTP request (httpBatchLink, up to 25 calls).
  for (let i = 0; i < BATCH_SAMPLES; i++) {
    for (const [index, { api }] of users.entries()) {
      await timed(batched[index] ?? [], () => Promise.all(Array.from({ length: MAX_CALLS_PER_HTTP_BATCH }, () => api.todos.list.query({ limit: 1 }))));
    }
  }
  return [
    ...users.map(({ who }, index) => summarize(`todos.list({ limit: 1 }), ${who}`, single[index] ?? [])),
    ...users.map(({ who }, index) => summarize(`one GET of ${MAX_CALLS_PER_HTTP_BATCH} × todos.list({ limit: 1 }), ${who}`, batched[index] ?? [])),
  ];
}

/** `tokenFor` gives an access token of a fresh local user. */
export async function benchListAfterDeletes(apiUrl: string, tokenFor: (userName: string) => Promise<string>): Promise<Summary[]> {
  const fresh = createTodosClient({ url: apiUrl, getToken: await tokenOf(tokenFor, 'fresh') });
  const deleter = createTodosClient({ url: apiUrl, getToken: await tokenOf(tokenFor, 'deleter') });
  await prepare(fresh, 0);
  await prepare(deleter, DELETES);
  return measure([
    { api: fresh, who: 'fresh user' },
    { api: deleter, who: `after ${DELETES.toLocaleString('en')} deletes` },
  ]);
}

async function tokenOf(tokenFor: (userName: string) => Promise<string>, role: string): Promise<() => string> {
  const token = await tokenFor(`bench-${role}-${Date.now()}`);
  return () => token;
}

export const formatListAfterDeletes = (results: readonly Summary[]): string => formatSummaries('call', results);
