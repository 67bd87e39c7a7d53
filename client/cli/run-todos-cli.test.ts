/** The example CLI against the real local API and its real local OpenID provider. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SERVICE_CLIENT_ID, LOCAL_SERVICE_CLIENT_SECRET } from '../../server/local/identity-provider/local-clients';
import { startLocalApi, type LocalApi } from '../../server/testing/local-api';
import { v7 as uuidv7 } from 'uuid';
import { createTodosClient } from '../api/create-todos-client';
import { signInLocallyInBrowser, type LocalBrowserResult } from '../api/local-sign-in';
import { runTodosCli, type CliIo } from './run-todos-cli';
import { TOKEN_FILE_NAME, type StoredSignIn } from './token-store';

let api: LocalApi;
let configDir: string;
beforeAll(async () => {
  api = await startLocalApi();
  configDir = await mkdtemp(join(tmpdir(), 'todos-cli-test-'));
});
afterAll(async () => {
  await api.stop();
  await rm(configDir, { recursive: true, force: true });
});

async function cli(argv: string[], io: Partial<CliIo> = {}) {
  const lines: string[] = [];
  const code = await runTodosCli([...argv, '--url', api.url], {
    out: (line) => lines.push(line),
    ...io,
    env: { TODOS_CLI_CONFIG_DIR: configDir, ...io.env },
  });
  return { code, output: lines.join('\n') };
}

const todos = (...argv: string[]) => cli(argv);

async function storedSignIns(): Promise<Record<string, StoredSignIn>> {
  return (JSON.parse(await readFile(join(configDir, TOKEN_FILE_NAME), 'utf8')) as { signIns: Record<string, StoredSignIn> }).signIns;
}

async function editStoredSignIn(change: Partial<StoredSignIn>) {
  const file = join(configDir, TOKEN_FILE_NAME);
  const data = JSON.parse(await readFile(file, 'utf8')) as { signIns: Record<string, StoredSignIn> };
  data.signIns[api.url] = { ...(data.signIns[api.url] as StoredSignIn), ...change };
  await writeFile(file, JSON.stringify(data));
}

describe('todos CLI', () => {
  it('asks to sign in first', async () => {
    const { code, output } = await todos('list');
    expect(code).toBe(1);
    expect(output).toBe('Error: Not signed in, or the API no longer accepts your sign-in: run `npm run todos -- login` to sign in');
  });

  it('signs in locally by name and keeps the tokens owner-only', async () => {
    const login = await todos('login', '--user', 'alice');
    expect(login).toEqual({ code: 0, output: `Signed in to ${api.url} as alice` });
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(configDir, TOKEN_FILE_NAME))).mode & 0o777).toBe(0o600);
    const stored = (await storedSignIns())[api.url];
    expect(stored).toMatchObject({ authority: api.identity.provider.issuer, clientId: 'todos-cli', tokenEndpoint: api.identity.provider.tokenEndpoint });
    expect(stored?.refreshToken).toBeTruthy();
    expect((await todos('whoami')).output).toMatch(/^alice \(user [^)]+\)$/);
  });

  it('adds, lists, completes (by the end of the id), renames and removes', async () => {
    const added = await todos('add', 'Water', 'the', 'plants');
    expect(added.code).toBe(0);
    const id = /([0-9a-f-]{36})/.exec(added.output)?.[1] ?? '';
    expect(added.output).toContain('[ ] ');
    expect(added.output).toContain('Water the plants');

    expect((await todos('list')).output).toContain(`[ ] ${id}  Water the plants\n1 item(s) left of 1`);
    expect((await todos('done', id.slice(-6))).output).toContain(`[x] ${id}`);
    expect((await todos('rename', id, 'Water', 'roses')).output).toContain('Water roses');
    expect((await todos('rm', id)).output).toBe('Deleted 1 todo(s)');
    expect((await todos('list')).output).toBe('0 item(s) left of 0');
  });

  it('tells todos made in the same minute apart by the end of their ids, and says when that is not enough', async () => {
    // UUIDv7 ids start with their creation time: these two share everything but their last six characters.
    const first = `${uuidv7().slice(0, 30)}0a1b2c`;
    const second = `${first.slice(0, 30)}9a1b2c`;
    const asAlice = createTodosClient({ url: api.url, getToken: () => api.identity.tokenFor('alice') });
    await asAlice.todos.create.mutate({ items: [{ id: first, name: 'first' }, { id: second, name: 'second' }] });

    const ambiguous = await todos('done', '1b2c');
    expect(ambiguous).toEqual({ code: 1, output: 'Error: 2 todos have ids that end with "1b2c": give more of the id' });
    const byStart = await todos('done', first.slice(0, 30));
    expect(byStart.code).toBe(1);
    expect(byStart.output).toContain(`No todo whose id ends with "${first.slice(0, 30)}"`);
    expect((await todos('done', '0A1B2C')).output).toBe(`[x] ${first}  first`);
    expect((await todos('rm', '0a1b2c', '9a1b2c')).output).toBe('Deleted 2 todo(s)');
  });

  it('calls the local app on PORT, like npm start and npm run token, unless given an API', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), env: { PORT: '9', TODOS_TOKEN: 'any', TODOS_CLI_CONFIG_DIR: configDir } };
    expect(await runTodosCli(['whoami'], io)).toBe(1);
    expect(lines).toEqual(['Error: Could not reach the API at http://localhost:9/trpc (is `npm start` running?)']);
    lines.length = 0;
    expect(await runTodosCli(['whoami'], { ...io, env: { ...io.env, TODOS_API_URL: api.url } })).toBe(1);
    expect(lines.join()).not.toContain('localhost:9');
  });

  it('fails with a clear message and exit code 1', async () => {
    const empty = await todos('add', '   ');
    expect(empty.code).toBe(1);
    expect(empty.output).toMatch(/items\.0\.name: Must not be empty/);
    expect((await todos('done', 'ffff')).output).toBe('Error: No todo whose id ends with "ffff" (give an id, or its last characters, as `list` shows them)');
    expect((await todos('frobnicate')).code).toBe(1);
    expect((await todos('list', '--frobnicate')).code).toBe(1);

    const lines: string[] = [];
    const code = await runTodosCli(['list', '--url', 'http://127.0.0.1:9/trpc'], {
      out: (l) => lines.push(l),
      env: { TODOS_CLI_CONFIG_DIR: configDir },
    });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/Could not reach the API/);
  });

  it('prints usage for help, --help and -h (exit 0), and without a command (exit 1)', async () => {
    for (const argv of [['help'], ['--help'], ['-h'], ['list', '--help']]) {
      const { code, output } = await todos(...argv);
      expect(code).toBe(0);
      expect(output).toMatch(/^Usage: npm run todos -- <command>/);
      expect(output).toContain('login --user <name>');
    }
    expect((await todos()).code).toBe(1);
  });

  it('renews an expired access token with the refresh token', async () => {
    const before = (await storedSignIns())[api.url] as StoredSignIn;
    await editStoredSignIn({ expiresAt: Date.now() - 1000 });
    expect((await todos('whoami')).output).toMatch(/^alice \(user/);
    const after = (await storedSignIns())[api.url] as StoredSignIn;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(after.refreshToken).toBeTruthy();
    expect((await stat(join(configDir, TOKEN_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('asks to log in again when the refresh token is refused', async () => {
    const good = (await storedSignIns())[api.url] as StoredSignIn;
    await editStoredSignIn({ expiresAt: Date.now() - 1000, refreshToken: 'not-a-refresh-token' });
    const { code, output } = await todos('list');
    expect(code).toBe(1);
    expect(output).toMatch(/^Error: Your sign-in has expired and could not be renewed \(.+\): run `npm run todos -- login` to sign in again$/);
    await editStoredSignIn(good);
  });

  it('keeps sign-ins per user: another user sees other todos', async () => {
    await todos('add', 'Alice only');
    const bob = await cli(['list'], { env: { TODOS_TOKEN: await api.identity.tokenFor('bob') } });
    expect(bob.output).toBe('0 item(s) left of 0');
  });

  it('lets TODOS_TOKEN override the stored sign-in', async () => {
    const { output } = await cli(['whoami'], { env: { TODOS_TOKEN: await api.identity.tokenFor('dave') } });
    expect(output).toMatch(/^dave \(user/);
  });

  it('acts as a service with --service (client credentials)', async () => {
    const credentials = { TODOS_CLIENT_ID: LOCAL_SERVICE_CLIENT_ID, TODOS_CLIENT_SECRET: LOCAL_SERVICE_CLIENT_SECRET };
    const discovered = await cli(['whoami', '--service'], { env: credentials });
    expect(discovered).toEqual({ code: 0, output: `${LOCAL_SERVICE_CLIENT_ID} (service ${LOCAL_SERVICE_CLIENT_ID})` });
    const explicit = await cli(['add', 'From', 'a', 'service', '--service'], {
      env: { ...credentials, TODOS_TOKEN_ENDPOINT: api.identity.provider.tokenEndpoint },
    });
    expect(explicit.output).toContain('From a service');

    const missing = await cli(['list', '--service']);
    expect(missing).toEqual({ code: 1, output: 'Error: --service needs TODOS_CLIENT_ID and TODOS_CLIENT_SECRET in the environment' });
    const wrong = await cli(['list', '--service'], { env: { ...credentials, TODOS_CLIENT_SECRET: 'wrong' } });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/^Error: Token request failed: /);
  });

  it('logs out: forgets the tokens', async () => {
    expect(await todos('logout')).toEqual({ code: 0, output: `Signed out of ${api.url}` });
    expect((await todos('whoami')).output).toMatch(/^Error: Not signed in/);
    expect(await todos('logout')).toEqual({ code: 0, output: `Not signed in to ${api.url}` });
  });

  it('signs in with the browser through the loopback redirect (the Cognito path)', async () => {
    let page: Promise<LocalBrowserResult> | undefined;
    let opened = '';
    // The "browser": opens the URL, fills in the provider's sign-in form, follows the redirect to the CLI.
    const openUrl = (url: string) => {
      opened = url;
      page = signInLocallyInBrowser(new URL(url), { userName: 'carol' });
    };
    // Port 0: the CLI's fixed port (CLI_LOOPBACK_REDIRECT_URI, the one Cognito's app client lists)
    // can be held for a moment by another socket of this run as its ephemeral source port, which
    // failed this test once in CI. The local provider, like RFC 8252 asks, takes any loopback port.
    const login = await cli(['login'], { openUrl, loopbackRedirectUri: 'http://127.0.0.1:0/callback' });
    expect(login.code).toBe(0);
    const authorize = new URL(opened);
    expect(login.output).toContain(`  ${opened}\n`);
    expect(login.output).toMatch(/Signed in to .* as carol$/);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'todos-cli',
      response_type: 'code',
      scope: 'openid email profile todos/read todos/write',
      code_challenge_method: 'S256',
    });
    // The port the CLI listened on, not 0.
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/callback$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{16,}$/);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const answer = await page;
    expect(answer).toMatchObject({ status: 200 });
    expect(answer && 'html' in answer ? answer.html : '').toContain('You can close this tab');
    expect((await todos('whoami')).output).toMatch(/^carol \(user/);
  });

  it('rejects a browser answer with the wrong state', async () => {
    let page: Promise<Response> | undefined;
    const openUrl = (url: string) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
      redirect.search = new URLSearchParams({ code: 'stolen', state: 'forged' }).toString();
      page = fetch(redirect);
    };
    const login = await cli(['login'], { openUrl, loopbackRedirectUri: 'http://127.0.0.1:0/callback' });
    expect(login.code).toBe(1);
    expect(login.output).toMatch(/Error: Sign-in failed: state mismatch$/);
    expect((await page)?.status).toBe(400);
  });

  it('gives up when the browser never comes back', async () => {
    const login = await cli(['login'], { openUrl: () => undefined, loopbackRedirectUri: 'http://127.0.0.1:0/callback', browserTimeoutMs: 200 });
    expect(login.code).toBe(1);
    expect(login.output).toMatch(/Error: Sign-in timed out/);
  });
});
