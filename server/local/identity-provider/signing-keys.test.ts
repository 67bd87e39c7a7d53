import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_KEYS_DIR, keysDirFor } from '../local-backend';
import { LEGACY_SECRETS_FILE, loadOrCreateSecrets, moveLegacySecrets, SECRETS_FILE } from './signing-keys';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'idp-secrets-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('where the local sign-in keys live', () => {
  it('apart from the data folder, so deleting the data keeps tokens valid', () => {
    expect(keysDirFor(DEFAULT_DATA_DIR, {})).toBe(DEFAULT_KEYS_DIR);
    expect(path.relative(DEFAULT_DATA_DIR, DEFAULT_KEYS_DIR).startsWith('..')).toBe(true);
    expect(keysDirFor('/elsewhere/data', {})).toBe(DEFAULT_KEYS_DIR);
    expect(keysDirFor(DEFAULT_DATA_DIR, { IDENTITY_KEYS_DIR: '/keys' })).toBe('/keys');
    // In-memory data, in-memory keys: an in-memory run leaves nothing behind.
    expect(keysDirFor(false, { IDENTITY_KEYS_DIR: '/keys' })).toBe(false);
  });

  it('are created once and then reused', async () => {
    const keysDir = path.join(root, 'keys');
    const first = await loadOrCreateSecrets(keysDir);
    expect(statSync(path.join(keysDir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecrets(keysDir)).toEqual(first);
  });

  it('are moved out of the data folder where earlier versions kept them, unchanged', async () => {
    const dataDir = path.join(root, 'dynamodb');
    const keysDir = path.join(root, 'identity-provider');
    mkdirSync(dataDir);
    const legacy = await loadOrCreateSecrets(path.join(root, 'old'));
    writeFileSync(path.join(dataDir, LEGACY_SECRETS_FILE), readFileSync(path.join(root, 'old', SECRETS_FILE)), { mode: 0o600 });

    expect(moveLegacySecrets(dataDir, keysDir)).toBe(path.join(dataDir, LEGACY_SECRETS_FILE));
    expect(existsSync(path.join(dataDir, LEGACY_SECRETS_FILE))).toBe(false);
    expect(await loadOrCreateSecrets(keysDir)).toEqual(legacy);
    expect(statSync(path.join(keysDir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    // Nothing left to move.
    expect(moveLegacySecrets(dataDir, keysDir)).toBeUndefined();
  });

  it('never replace keys that the keys folder already has', async () => {
    const dataDir = path.join(root, 'dynamodb');
    const keysDir = path.join(root, 'identity-provider');
    const current = await loadOrCreateSecrets(keysDir);
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, LEGACY_SECRETS_FILE), JSON.stringify({ signingKeys: [], cookieKeys: ['old'] }));
    expect(moveLegacySecrets(dataDir, keysDir)).toBeUndefined();
    expect(await loadOrCreateSecrets(keysDir)).toEqual(current);
  });
});
