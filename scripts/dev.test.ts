/**
 * `npm run dev` reloads the server code on save (decision 070). The real dev script
 * runs in a temporary copy of the project (so the test can edit a server file without
 * touching this checkout): the test signs in, stores a todo, edits the `me` procedure
 * and waits until the API answers with the new code, then checks that nothing else
 * restarted: the same token is still accepted (the provider's keys are in memory in
 * this run, so a restarted provider would reject it) and the todo is still there (so
 * is the in-memory DynamoDB Local). A file that does not compile is reported and the
 * previous code keeps answering.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI, webConfigSchema } from '../shared/web-config';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { contentSha256 } from '../server/local/http-lambda-bridge';
import { freePortPair } from '../server/testing/free-ports';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** Waiting for a condition, never a measure of speed: generous for a loaded 2-core machine. */
const WAIT = { timeout: 60_000, interval: 100 };

/** The sources `npm run dev` runs from, copied; node_modules linked package by package. */
function copyProject(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'todos-dev-reload-'));
  for (const entry of ['server', 'shared', 'client', 'scripts', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(ROOT, entry), path.join(copy, entry), {
      recursive: true,
      filter: (source) => !/[\\/](dist|node_modules)$/.test(source),
    });
  }
  // A real folder of links, so Vite's cache (node_modules/.vite) is the copy's own.
  mkdirSync(path.join(copy, 'node_modules'));
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '.vite') symlinkSync(path.join(ROOT, 'node_modules', name), path.join(copy, 'node_modules', name));
  }
  return copy;
}

let copy: string;
let dev: ChildProcess | undefined;
let output = '';
let origin: string;

beforeAll(async () => {
  copy = copyProject();
  const port = await freePortPair();
  origin = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, [TSX_CLI, 'scripts/dev.ts', '--in-memory'], {
    cwd: copy,
    env: { ...process.env, PORT: String(port), OIDC_PORT: '' },
    // Its own process group, so stopping it stops Java too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => (output += chunk.toString());
  dev.stdout?.on('data', collect);
  dev.stderr?.on('data', collect);
  await vi.waitFor(() => {
    if (dev?.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
    if (!output.includes('reloaded when you save a server file')) throw new Error(`npm run dev is not ready:\n${output}`);
  }, WAIT);
}, 120_000);

afterAll(async () => {
  const pid = dev?.pid;
  if (dev && pid !== undefined && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev?.once('exit', resolve));
    process.kill(-pid, 'SIGTERM');
    await exited;
  }
  rmSync(copy, { recursive: true, force: true });
}, 60_000);

async function call(token: string, procedure: string, input?: unknown): Promise<unknown> {
  const body = input === undefined ? undefined : JSON.stringify(input);
  const response = await fetch(`${origin}/trpc/${procedure}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json', 'x-amz-content-sha256': contentSha256(body) }),
    },
    ...(body !== undefined && { body }),
  });
  const json = (await response.json()) as { result?: { data: unknown } };
  if (!response.ok) throw new Error(`${procedure}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json.result?.data;
}

describe('npm run dev', () => {
  it('reloads the API when a server file is saved, keeping DynamoDB Local and the identity provider running', async () => {
    const { auth } = webConfigSchema.parse(await (await fetch(`${origin}/config.json`)).json());
    const { accessToken } = await signInLocallyByName({
      authority: auth.authority,
      clientId: auth.cliClientId ?? '',
      redirectUri: CLI_LOOPBACK_REDIRECT_URI,
      userName: 'alice',
      scope: USER_SIGN_IN_SCOPE,
    });
    await call(accessToken, 'todos.create', { items: [{ name: 'made before the edit' }] });
    expect(await call(accessToken, 'me')).toMatchObject({ name: 'alice' });

    const meFile = path.join(copy, 'server', 'auth', 'me-procedure.ts');
    const original = readFileSync(meFile, 'utf8');
    const edited = original.replace('name: ctx.caller.name,', 'name: `${ctx.caller.name} (edited)`,');
    expect(edited).not.toBe(original);
    writeFileSync(meFile, edited);

    await expect.poll(async () => ((await call(accessToken, 'me')) as { name: string }).name, WAIT).toBe('alice (edited)');
    expect(output).toMatch(/API reloaded in \d+ ms \(server\/auth\/me-procedure\.ts changed\)/);
    const { items } = (await call(accessToken, 'todos.list')) as { items: { name: string }[] };
    expect(items.map((todo) => todo.name)).toEqual(['made before the edit']);

    // A save that does not compile: reported, and the last good code keeps answering.
    writeFileSync(meFile, edited.replace('kind: ctx.caller.kind,', 'kind: ctx.caller.kind,,'));
    await expect.poll(() => output, WAIT).toContain('API not reloaded: server/auth/me-procedure.ts changed');
    expect(await call(accessToken, 'me')).toMatchObject({ name: 'alice (edited)' });

    writeFileSync(meFile, original);
    await expect.poll(async () => ((await call(accessToken, 'me')) as { name: string }).name, WAIT).toBe('alice');
  }, 120_000);

  it('starts without warnings (a newcomer cannot judge them)', () => {
    expect(output).not.toMatch(/warn|deprecat|unsupported/i);
  });
});
