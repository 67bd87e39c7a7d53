/**
 * `npm run load`: many signed-in users at once against the local stack (HTTP →
 * bridge → Lambda handler → DynamoDB Local, all on 127.0.0.1), each doing a mix of
 * list / create / update / delete for a fixed time, bounded in users and duration.
 * Prints throughput, latency percentiles and status counts, then checks every
 * user's list against what the API acknowledged: nothing lost, nothing extra.
 * `--write` puts the figures into bench/results.md (section "Load").
 *
 *   LOAD_USERS=20 LOAD_SECONDS=20 npm run load
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TRPCClientError } from '@trpc/client';
import { v7 as uuidv7 } from 'uuid';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import type { Todo } from '../shared/todo';
import { CLI_LOOPBACK_REDIRECT_URI } from '../shared/web-config';
import { createTodosClient, type TodosClient } from '../client/api/create-todos-client';
import { fetchAllTodos } from '../client/api/fetch-all-todos';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { findFreePort } from '../server/local/dynamodb-local';
import { LOCAL_CLI_CLIENT_ID } from '../server/local/identity-provider/local-clients';
import { loopbackOrigins, startLocalBackend } from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { percentile } from './measure';

const USERS = Number(process.env.LOAD_USERS ?? 20);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);

type Operation = 'list' | 'create' | 'update' | 'delete';
interface Sample {
  operation: Operation;
  ms: number;
  status: number;
}

/** One user: sequential operations (a person or a service does one thing at a time). */
async function runUser(api: TodosClient, deadline: number, samples: Sample[]): Promise<Map<string, Todo>> {
  const acknowledged = new Map<string, Todo>();
  let step = 0;
  while (performance.now() < deadline) {
    step++;
    const ids = [...acknowledged.keys()];
    const operation: Operation =
      step % 10 === 0 ? 'list' : ids.length < 5 || step % 3 === 0 ? 'create' : step % 3 === 1 ? 'update' : 'delete';
    const started = performance.now();
    let status = 200;
    try {
      if (operation === 'list') {
        await api.todos.list.query();
      } else if (operation === 'create') {
        const [todo] = await api.todos.create.mutate({ items: [{ id: uuidv7(), name: `load ${step}` }] });
        if (todo) acknowledged.set(todo.id, todo);
      } else if (operation === 'update') {
        const id = ids[step % ids.length] ?? '';
        const [todo] = await api.todos.update.mutate({ items: [{ id, changes: { status: step % 2 ? 'completed' : 'pending' } }] });
        if (todo) acknowledged.set(todo.id, todo);
      } else {
        const id = ids[step % ids.length] ?? '';
        await api.todos.delete.mutate({ ids: [id] });
        acknowledged.delete(id);
      }
    } catch (error) {
      status = error instanceof TRPCClientError ? ((error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 599) : 599;
    }
    samples.push({ operation, ms: performance.now() - started, status });
  }
  return acknowledged;
}

async function main(): Promise<void> {
  const port = await findFreePort();
  const backend = await startLocalBackend({ dataDir: false, identityPort: 0, webOrigins: loopbackOrigins(port) });
  const server = createLocalServer(backend);
  await listen(server, port);
  try {
    const url = `http://127.0.0.1:${port}/trpc`;
    const clients = await Promise.all(
      Array.from({ length: USERS }, async (_, index) => {
        const { accessToken } = await signInLocallyByName({
          authority: backend.identity.issuer,
          clientId: LOCAL_CLI_CLIENT_ID,
          redirectUri: CLI_LOOPBACK_REDIRECT_URI,
          userName: `load-${index}-${Date.now()}`,
          scope: USER_SIGN_IN_SCOPE,
        });
        return createTodosClient({ url, getToken: () => accessToken });
      }),
    );
    console.log(`Load: ${USERS} users for ${SECONDS} s against ${url}…`);
    const samples: Sample[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const acknowledged = await Promise.all(clients.map((client) => runUser(client, deadline, samples)));
    const elapsed = (performance.now() - started) / 1000;

    // Every acknowledged write is there, exactly as acknowledged; nothing else is.
    let lost = 0;
    let unexpected = 0;
    for (const [index, client] of clients.entries()) {
      const stored = new Map((await fetchAllTodos(client)).map((todo) => [todo.id, todo]));
      const expected = acknowledged[index] ?? new Map<string, Todo>();
      for (const [id, todo] of expected) {
        const found = stored.get(id);
        if (!found || found.version !== todo.version || found.status !== todo.status) lost++;
      }
      for (const id of stored.keys()) if (!expected.has(id)) unexpected++;
    }

    const byStatus = new Map<number, number>();
    for (const sample of samples) byStatus.set(sample.status, (byStatus.get(sample.status) ?? 0) + 1);
    const rows = (['list', 'create', 'update', 'delete'] as const).map((operation) => {
      const times = samples.filter((s) => s.operation === operation).map((s) => s.ms);
      return `| ${operation} | ${times.length} | ${percentile(times, 50).toFixed(1)} ms | ${percentile(times, 95).toFixed(1)} ms | ${percentile(times, 99).toFixed(1)} ms |`;
    });
    const all = samples.map((s) => s.ms);
    const serverErrors = samples.filter((s) => s.status >= 500).length;
    const report = [
      `${USERS} concurrent signed-in users, ${SECONDS} s, each doing one operation at a time (local stack, 127.0.0.1).`,
      '',
      '| operation | requests | p50 | p95 | p99 |',
      '|---|---|---|---|---|',
      ...rows,
      `| all | ${samples.length} | ${percentile(all, 50).toFixed(1)} ms | ${percentile(all, 95).toFixed(1)} ms | ${percentile(all, 99).toFixed(1)} ms |`,
      '',
      `Throughput: ${(samples.length / elapsed).toFixed(0)} requests/s. Status counts: ${[...byStatus].map(([status, count]) => `${status}: ${count}`).join(', ')}. ` +
        `5xx: ${serverErrors}. Acknowledged writes lost or changed: ${lost}; rows nobody acknowledged: ${unexpected}.`,
    ].join('\n');
    console.log(`\n${report}`);
    if (process.argv.includes('--write')) {
      const file = path.join(import.meta.dirname, 'results.md');
      const current = readFileSync(file, 'utf8').replace(/\n## Load\n[\s\S]*?(?=\n## |$)/, '');
      writeFileSync(file, `${current.trimEnd()}\n\n## Load\n\n${report}\n`);
    }
    if (serverErrors > 0 || lost > 0 || unexpected > 0) process.exitCode = 1;
  } finally {
    server.closeAllConnections();
    server.close();
    await backend.stop();
  }
}

await main();
