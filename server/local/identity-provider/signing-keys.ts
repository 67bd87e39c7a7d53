/**
 * The provider's secrets: an RS256 signing key (published through JWKS) and the
 * keys that sign its cookies. Generated at first start; kept in the local data
 * folder (git-ignored, owner-only permissions) so tokens and sessions survive a
 * restart, or only in memory for in-memory runs. Never committed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ProviderSecrets {
  signingKeys: JWK[];
  cookieKeys: string[];
}

export const SECRETS_FILE = 'identity-provider-keys.json';

async function generate(): Promise<ProviderSecrets> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    signingKeys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') }],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

/** Loads the secrets from `dataDir`, creating them there on first use; `false` = memory only. */
export async function loadOrCreateSecrets(dataDir: string | false): Promise<ProviderSecrets> {
  if (dataDir === false) return generate();
  const file = path.join(dataDir, SECRETS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ProviderSecrets;
  const secrets = await generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
