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
import { localClient } from './local-client';
import { useLocalDynamoDbEnvironment } from './local-environment';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.local', 'dynamodb');
export const LOCAL_TABLE_NAME = 'todos-local';
export const LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS = 3000;

/**
 * Where `npm start` / `npm run dev` keep data: `--in-memory` or DYNAMODB_IN_MEMORY=1
 * for none, else DYNAMODB_DATA_DIR, else `.local/dynamodb` (git-ignored). The
 * identity provider keeps its keys in the same folder.
 */
export function dataDirFromCommandLine(argv = process.argv, env = process.env): string | false {
  if (argv.includes('--in-memory') || env.DYNAMODB_IN_MEMORY === '1') return false;
  return env.DYNAMODB_DATA_DIR ?? DEFAULT_DATA_DIR;
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
  dynamoPort?: number;
  /** Port of the identity provider on 127.0.0.1 (0 = any free one). */
  identityPort: number;
  /** Origins the web UI is served from (sign-in redirects back there). */
  webOrigins: readonly string[];
}

export interface LocalBackend {
  handler: typeof LambdaHandler;
  dynamoEndpoint: string;
  identity: LocalIdentityProvider;
  /** What `/config.json` serves: the local provider and its public clients. */
  webConfig: WebConfig;
  stop(): Promise<void>;
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
    identity = await startLocalIdentityProvider({ dataDir, port: options.identityPort, webOrigins: options.webOrigins });

    useLocalDynamoDbEnvironment(dynamo.endpoint, LOCAL_TABLE_NAME);
    Object.assign(process.env, identity.apiEnvironment);
    // Locally, a line per request and CloudWatch metric records would drown the console:
    // warnings and errors only, no metrics (override with the same variables).
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    // DynamoDB Local is far slower than DynamoDB: a longer per-attempt timeout (client-settings.ts).
    process.env.DYNAMODB_REQUEST_TIMEOUT_MS ??= String(LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS);
    const { handler } = await import('../lambda/handler');
    const provider = identity;
    return {
      handler,
      dynamoEndpoint: dynamo.endpoint,
      identity,
      webConfig: {
        auth: {
          authority: identity.issuer,
          clientId: LOCAL_WEB_CLIENT_ID,
          cliClientId: LOCAL_CLI_CLIENT_ID,
          scope: USER_SIGN_IN_SCOPE,
        },
      },
      stop: async () => {
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
