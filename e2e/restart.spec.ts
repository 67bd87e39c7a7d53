/**
 * Persistence across a server restart: its own `npm start` process in persistent
 * mode (DynamoDB Local's data and the identity provider's keys in two folders of a
 * fresh temporary one, not the shared in-memory server), stopped with SIGTERM and
 * started again. The browser stays signed in across the restart: its access token was
 * signed with the persisted key, by the same issuer (same port). Deleting the data
 * folder (a reset) empties the list and keeps every token valid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accessTokenFor, expect, test, TodoApp } from './fixtures';
import { E2E_PORT } from './ports';

// Clear of the shared e2e server (E2E_PORT, default 3917) and its identity provider (+1);
// this server's provider listens on PORT + 1.
const PORT = E2E_PORT + 10;
const OIDC_PORT = PORT + 1;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

interface RunningApp {
  child: ChildProcess;
  output: () => string;
}

/** Starts `npx tsx scripts/start.ts` and resolves once it prints its "Todos app:" line. */
async function startApp(folder: string): Promise<RunningApp> {
  const child = spawn('npx', ['tsx', 'scripts/start.ts', '--no-build'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      OIDC_PORT: String(OIDC_PORT),
      DYNAMODB_DATA_DIR: path.join(folder, 'dynamodb'),
      IDENTITY_KEYS_DIR: path.join(folder, 'identity-provider'),
      DYNAMODB_IN_MEMORY: '',
    },
    // Own process group: stopping signals npx, tsx, node and Java together, as Ctrl-C in a terminal does.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start.ts did not become ready:\n${output}`)), 90_000);
    const onData = () => {
      if (output.includes('Todos app:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start.ts exited early with code ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole process group; resolves once every process in it is gone (Java included). */
async function stopApp(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const pid = app.child.pid;
  if (pid === undefined || !groupAlive(pid)) return;
  process.kill(-pid, signal);
  const deadline = Date.now() + 20_000;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(-pid, 'SIGKILL');
      throw new Error(`start.ts did not stop within 20 s of ${signal}:\n${app.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.describe('server restart', () => {
  // One server at a time on this port.
  test.describe.configure({ mode: 'serial', timeout: 240_000 });

  let folder: string;
  let running: RunningApp | undefined;

  test.beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'todos-e2e-restart-'));
  });

  test.afterAll(async () => {
    if (running) await stopApp(running).catch(() => stopApp(running as RunningApp, 'SIGKILL'));
    rmSync(folder, { recursive: true, force: true });
  });

  test('todos and their completed state survive stopping and starting the server, signed in throughout', async ({ page, user }) => {
    running = await startApp(folder);
    const app = new TodoApp(page);
    await app.signIn(user, `${BASE_URL}/`);
    await app.add('survives restarts', 'also completed', 'third');
    await app.afterResponse('todos.update', () => app.toggle('also completed').check());

    await stopApp(running);
    expect(groupAlive(running.child.pid ?? -1)).toBe(false);
    running = undefined;

    // While the server is down the page cannot reach it; a fresh process must serve the old data.
    running = await startApp(folder);
    await page.reload();
    await expect(app.labels).toHaveText(['survives restarts', 'also completed', 'third']);
    await expect(app.item('also completed')).toHaveClass('completed');
    await expect(app.item('third')).not.toHaveClass('completed');
    await expect(app.count).toHaveText('2 items left');
    // Still the same user, without signing in again.
    await expect(app.account).toContainText(user);
    await expect(app.signInButton).toHaveCount(0);
  });

  test('deleting the data folder empties the list and keeps tokens valid (the keys live apart)', async ({ request, user }) => {
    running ??= await startApp(folder);
    const token = await accessTokenFor(BASE_URL, user);
    const headers = { authorization: `Bearer ${token}` };
    const create = JSON.stringify({ items: [{ name: 'gone after the reset' }] });
    const created = await request.post(`${BASE_URL}/trpc/todos.create`, {
      data: create,
      headers: { ...headers, 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(create).digest('hex') },
    });
    expect(created.ok()).toBe(true);

    await stopApp(running);
    running = undefined;
    rmSync(path.join(folder, 'dynamodb'), { recursive: true });
    running = await startApp(folder);

    const me = await request.get(`${BASE_URL}/trpc/me`, { headers });
    expect(me.status(), await me.text()).toBe(200);
    const list = await request.get(`${BASE_URL}/trpc/todos.list`, { headers });
    expect(((await list.json()) as { result: { data: { items: unknown[] } } }).result.data.items).toEqual([]);
  });
});
