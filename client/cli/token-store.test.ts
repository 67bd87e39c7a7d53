import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliConfigDir, TOKEN_FILE_NAME, TokenStore, type StoredSignIn } from './token-store';

const signIn: StoredSignIn = {
  authority: 'http://127.0.0.1:1',
  clientId: 'todos-cli',
  tokenEndpoint: 'http://127.0.0.1:1/token',
  accessToken: 'a',
  refreshToken: 'r',
  expiresAt: 1,
};

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'todos-token-store-'));
});
afterEach(() => rm(base, { recursive: true, force: true }));

describe('cliConfigDir', () => {
  it('prefers TODOS_CLI_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(cliConfigDir({ TODOS_CLI_CONFIG_DIR: '/x', XDG_CONFIG_HOME: '/y' })).toBe('/x');
    expect(cliConfigDir({ XDG_CONFIG_HOME: '/y', HOME: '/h' })).toBe('/y/todos-cli');
    expect(cliConfigDir({ HOME: '/h' })).toBe('/h/.config/todos-cli');
    expect(cliConfigDir({})).toBe(join(homedir(), '.config', 'todos-cli'));
  });
});

describe('TokenStore', () => {
  it('keeps one sign-in per API URL, owner-only, and removes the file with the last one', async () => {
    const store = new TokenStore(join(base, 'todos-cli'));
    expect(await store.get('http://a/trpc')).toBeUndefined();
    await store.set('http://a/trpc/', signIn);
    await store.set('http://b/trpc', { ...signIn, accessToken: 'b' });
    expect(await store.get('http://a/trpc')).toEqual(signIn);
    expect((await store.get('http://b/trpc'))?.accessToken).toBe('b');
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);

    expect(await store.delete('http://a/trpc')).toBe(true);
    expect(await store.delete('http://a/trpc')).toBe(false);
    expect(await store.get('http://b/trpc')).toBeDefined();
    expect(await store.delete('http://b/trpc')).toBe(true);
    await expect(stat(store.file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tightens an existing directory and file that others could read', async () => {
    const dir = join(base, 'loose');
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, TOKEN_FILE_NAME), '{}', { mode: 0o644 });
    await chmod(dir, 0o755);
    await chmod(join(dir, TOKEN_FILE_NAME), 0o644);
    const store = new TokenStore(dir);
    await store.set('http://a/trpc', signIn);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(store.file, 'utf8'))).toEqual({ version: 1, signIns: { 'http://a/trpc': signIn } });
  });

  it('treats an unreadable file as signed out', async () => {
    const store = new TokenStore(base);
    await writeFile(store.file, 'not json');
    expect(await store.get('http://a/trpc')).toBeUndefined();
  });
});
