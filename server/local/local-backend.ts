/**
 * Everything the API needs locally, in one call: DynamoDB Local, the table, the
 * local identity provider, the environment a deployed function would get, and the
 * Lambda handler itself. Used by `npm start`, `npm run dev`, the end-to-end tests
 * and the benchmarks.
 */
import path from 'node:path';
import { USER_SIGN_IN_SCOPE } from '../../shared/auth-scopes';
import type { WebConfig } from '../../shared/web-config';
import { ensureTable } from '../dynamodb/create-table';
import type { handler as LambdaHandler } from '../lambda/handler';
import { startDynamoDbLocal } from './dynamodb-local';
import { LOCAL_CLI_CLIENT_ID, LOCAL_WEB_CLIENT_ID } from './identity-provider/local-clients';
import { startLocalIdentityProvider, type LocalIdentityProvider } from './identity-provider/local-identity-provider';
import { moveLegacySecrets } from './identity-provider/signing-keys';
import { localClient } from './local-client';
import { LOCAL_TABLE_NAME, useLocalDynamoDbEnvironment } from './local-environment';


export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.local', 'dynamodb');
export const DEFAULT_KEYS_DIR = path.join(REPO_ROOT, '.local', 'identity-provider');
export const LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS = 3000;

/**
 * Where `npm start` / `npm run dev` keep data: `--in-memory` or DYNAMODB_IN_MEMORY=1
 * for none, else DYNAMODB_DATA_DIR, else `.local/dynamodb` (git-ignored).
 */
export function dataDirFromCommandLine(argv = process.argv, env = process.env): string | false {
  if (argv.includes('--in-memory') || env.DYNAMODB_IN_MEMORY === '1') return false;
  return env.DYNAMODB_DATA_DIR || DEFAULT_DATA_DIR;
}

/**
 * Where the identity provider keeps its keys: apart from the data, so deleting the data
 * folder (a reset) leaves every token valid. IDENTITY_KEYS_DIR, else `.local/identity-provider`
 * (git-ignored); in memory only when the data is.
 */
export function keysDirFor(dataDir: string | false, env = process.env): string | false {
  if (dataDir === false) return false;
  return env.IDENTITY_KEYS_DIR || DEFAULT_KEYS_DIR;
}

/**
 * DynamoDB Local's port: any free one, unless DYNAMODB_PORT names one (the browser tests do, to
 * store long lists straight into the table: server/testing/seed-todos.ts).
 */
export function dynamoPortFor(env = process.env): number | undefined {
  return env.DYNAMODB_PORT ? Number(env.DYNAMODB_PORT) : undefined;
}

/** The identity provider listens next to the app: PORT + 1 unless OIDC_PORT says otherwise. */
export function identityPortFor(appPort: number, env = process.env): number {
  return env.OIDC_PORT !== undefined ? Number(env.OIDC_PORT) : appPort + 1;
}

/** Both loopback spellings of the app's origin, so sign-in works whichever one the browser uses. */
export function loopbackOrigins(appPort: number): string[] {
  return [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`];
}

export interface LocalBackendOptions {
  /** Keep data in this folder (default `.local/dynamodb`); `false` keeps it in memory only. */
  dataDir?: string | false;
  /** Keep the identity provider's keys in this folder (default: `keysDirFor(dataDir)`); `false`: memory only. */
  keysDir?: string | false;
  dynamoPort?: number;
  /** Port of the identity provider on 127.0.0.1 (0 = any free one). */
  identityPort: number;
  /** Origins the web UI is served from (sign-in redirects back there). */
  webOrigins: readonly string[];
  /**
   * Rebuild and reload the handler when a file it is built from changes (`npm run dev`,
   * decision 070); otherwise it is imported once.
   */
  reloadOnChange?: boolean;
}

export interface LocalBackend {
  handler: typeof LambdaHandler;
  dynamoEndpoint: string;
  identity: LocalIdentityProvider;
  /** What `/config.json` serves: the local provider and its public clients. */
  webConfig: WebConfig;
  stop(): Promise<void>;
}

/** The handler as `npm run dev` serves it: rebuilt from its sources on every change (decision 070). */
async function reloadingHandler() {
  const [{ startReloadingHandler }, { HANDLER_ENTRY }] = await Promise.all([import('./reloading-handler'), import('../lambda/bundle')]);
  // One file per process: two dev servers of one checkout do not overwrite each other's build.
  return startReloadingHandler({ entry: HANDLER_ENTRY, outFile: path.join(REPO_ROOT, '.local', 'dev-api', `handler-${process.pid}.mjs`) });
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const dataDir = options.dataDir === undefined ? DEFAULT_DATA_DIR : options.dataDir;
  const dynamo = await startDynamoDbLocal({
    ...(dataDir && { dbPath: dataDir }),
    ...(options.dynamoPort !== undefined && { port: options.dynamoPort }),
  });
  let identity: LocalIdentityProvider | undefined;
  try {
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, LOCAL_TABLE_NAME);
    client.destroy();
    const keysDir = options.keysDir === undefined ? keysDirFor(dataDir) : options.keysDir;
    if (dataDir && keysDir) {
      const moved = moveLegacySecrets(dataDir, keysDir);
      if (moved) console.log(`Moved the local sign-in keys from ${path.relative(process.cwd(), moved)} to ${path.relative(process.cwd(), keysDir)}/ (kept apart from the data, so a data reset keeps tokens valid).`);
    }
    identity = await startLocalIdentityProvider({ keysDir, port: options.identityPort, webOrigins: options.webOrigins });

    useLocalDynamoDbEnvironment(dynamo.endpoint, LOCAL_TABLE_NAME);
    Object.assign(process.env, identity.apiEnvironment);
    // Locally, a line per request and CloudWatch metric records would drown the console:
    // warnings and errors only, no metrics (override with the same variables).
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    // DynamoDB Local is far slower than DynamoDB: a longer per-attempt timeout (client-settings.ts).
    process.env.DYNAMODB_REQUEST_TIMEOUT_MS ??= String(LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS);
    const api = options.reloadOnChange ? await reloadingHandler() : { handler: (await import('../lambda/handler')).handler, stop: () => Promise.resolve() };
    const provider = identity;
    return {
      handler: api.handler,
      dynamoEndpoint: dynamo.endpoint,
      identity,
      webConfig: {
        auth: {
          authority: identity.issuer,
          clientId: LOCAL_WEB_CLIENT_ID,
          cliClientId: LOCAL_CLI_CLIENT_ID,
          scope: USER_SIGN_IN_SCOPE,
          // The browser then signs in without fetching the discovery document (decision 102).
          endpoints: identity.endpoints,
        },
      },
      stop: async () => {
        await api.stop();
        await provider.stop();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await identity?.stop();
    await dynamo.stop();
    throw error;
  }
}
