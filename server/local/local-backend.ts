/**
 * Everything the API needs locally, in one call: DynamoDB Local, the table, the
 * environment a deployed function would get, and the Lambda handler itself.
 * Used by `npm start`, `npm run dev`, the end-to-end tests and the benchmarks.
 */
import path from 'node:path';
import { ensureTable } from '../dynamodb/create-table';
import type { handler as LambdaHandler } from '../lambda/handler';
import { localClient } from './local-client';
import { startDynamoDbLocal } from './dynamodb-local';
import { useLocalDynamoDbEnvironment } from './local-environment';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.local', 'dynamodb');
export const LOCAL_TABLE_NAME = 'todos-local';

/**
 * Where `npm start` / `npm run dev` keep data: `--in-memory` or DYNAMODB_IN_MEMORY=1
 * for none, else DYNAMODB_DATA_DIR, else `.local/dynamodb` (git-ignored).
 */
export function dataDirFromCommandLine(argv = process.argv, env = process.env): string | false {
  if (argv.includes('--in-memory') || env.DYNAMODB_IN_MEMORY === '1') return false;
  return env.DYNAMODB_DATA_DIR ?? DEFAULT_DATA_DIR;
}

export interface LocalBackendOptions {
  /** Keep data in this folder (default `.local/dynamodb`); `false` keeps it in memory only. */
  dataDir?: string | false;
  dynamoPort?: number;
}

export interface LocalBackend {
  handler: typeof LambdaHandler;
  dynamoEndpoint: string;
  stop(): Promise<void>;
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const dataDir = options.dataDir === undefined ? DEFAULT_DATA_DIR : options.dataDir;
  const dynamo = await startDynamoDbLocal({
    ...(dataDir && { dbPath: dataDir }),
    ...(options.dynamoPort !== undefined && { port: options.dynamoPort }),
  });
  try {
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, LOCAL_TABLE_NAME);
    client.destroy();

    useLocalDynamoDbEnvironment(dynamo.endpoint, LOCAL_TABLE_NAME);
    const { handler } = await import('../lambda/handler');
    return { handler, dynamoEndpoint: dynamo.endpoint, stop: () => dynamo.stop() };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
