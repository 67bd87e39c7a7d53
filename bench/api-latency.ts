/**
 * API latency through the full local stack (HTTP → bridge → Lambda handler →
 * DynamoDB Local) with the typed client, on 127.0.0.1 only and a bounded number of
 * requests. DynamoDB Local is slower than DynamoDB, so read the figures as
 * relative (our overhead per call), not as production latency.
 */
import { performance } from 'node:perf_hooks';
import { createTodosClient } from '../client/api/create-todos-client';
import { fetchAllTodos } from '../client/api/fetch-all-todos';
import { MAX_ITEMS_PER_WRITE } from '../shared/limits';
import { formatSummaries, summarize, type Summary } from './measure';

const SEQUENTIAL_CALLS = 200;
const LARGE_LIST = 10_000;

async function time<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  samples.push(performance.now() - start);
  return result;
}

/** `token`: an access token of a fresh user, so the figures start from an empty list. */
export async function benchApiLatency(apiUrl: string, token: string): Promise<Summary[]> {
  const api = createTodosClient({ url: apiUrl, getToken: () => token });
  const creates: number[] = [];
  const updates: number[] = [];
  const lists: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
    const [todo] = await time(creates, () => api.todos.create.mutate({ items: [{ name: `bench ${i}` }] }));
    if (todo) ids.push(todo.id);
  }
  for (const id of ids) {
    await time(updates, () => api.todos.update.mutate({ items: [{ id, changes: { status: 'completed' } }] }));
  }
  const bulk: number[] = [];
  for (let done = ids.length; done < LARGE_LIST; done += MAX_ITEMS_PER_WRITE) {
    const size = Math.min(MAX_ITEMS_PER_WRITE, LARGE_LIST - done);
    await time(bulk, () =>
      api.todos.create.mutate({ items: Array.from({ length: size }, (_, i) => ({ name: `bulk ${done + i}` })) }),
    );
  }
  for (let i = 0; i < 5; i++) {
    const all = await time(lists, () => fetchAllTodos(api));
    if (all.length !== LARGE_LIST) throw new Error(`expected ${LARGE_LIST} todos, got ${all.length}`);
  }
  return [
    summarize('todos.create, 1 item', creates),
    summarize('todos.update, 1 item', updates),
    summarize(`todos.create, ${MAX_ITEMS_PER_WRITE} items (one transaction)`, bulk),
    summarize(`load all ${LARGE_LIST.toLocaleString('en')} todos (all pages)`, lists),
  ];
}

export const formatLatencyResults = (results: Summary[]): string => formatSummaries('call', results);
