/**
 * The provider's secrets: an RS256 signing key (published through JWKS) and the
 * keys that sign its cookies. Generated at first start; kept in their own folder
 * (`.local/identity-provider/`, git-ignored, owner-only permissions), apart from the
 * data, so tokens and sessions survive a restart and a reset of the data (deleting
 * `.local/dynamodb`); or only in memory for in-memory runs. Never committed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ProviderSecrets {
  signingKeys: JWK[];
  cookieKeys: string[];
}

export const SECRETS_FILE = 'keys.json';
/** Where earlier versions kept the secrets: in the DynamoDB data folder. */
export const LEGACY_SECRETS_FILE = 'identity-provider-keys.json';

async function generate(): Promise<ProviderSecrets> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    signingKeys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') }],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

/** Loads the secrets from `keysDir`, creating them there on first use; `false` = memory only. */
export async function loadOrCreateSecrets(keysDir: string | false): Promise<ProviderSecrets> {
  if (keysDir === false) return generate();
  const file = path.join(keysDir, SECRETS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ProviderSecrets;
  const secrets = await generate();
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  try {
    // Exclusive create: of two first starts at once, both end up with the keys written first.
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as ProviderSecrets;
  }
  return secrets;
}

/**
 * Moves secrets that an earlier version kept in the data folder to `keysDir`, so the
 * tokens they signed stay valid. Returns the file moved from, or undefined if there was
 * nothing to move (or `keysDir` already has secrets of its own).
 */
export function moveLegacySecrets(dataDir: string, keysDir: string): string | undefined {
  const legacy = path.join(dataDir, LEGACY_SECRETS_FILE);
  const file = path.join(keysDir, SECRETS_FILE);
  if (!existsSync(legacy) || existsSync(file)) return undefined;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  try {
    renameSync(legacy, file);
  } catch (error) {
    // Another file system (DYNAMODB_DATA_DIR elsewhere): copy, then remove the old one.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    writeFileSync(file, readFileSync(legacy), { mode: 0o600, flag: 'wx' });
    rmSync(legacy);
  }
  return legacy;
}
