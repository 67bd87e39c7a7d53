/**
 * Test helper: the real API over HTTP — the Lambda handler behind the local bridge,
 * on a fresh table in the run's DynamoDB Local, accepting tokens of a fresh local
 * identity provider — for client-side tests.
 */
import type { Server } from 'node:http';
import { vi } from 'vitest';
import { USER_SIGN_IN_SCOPE } from '../../shared/auth-scopes';
import { LOCAL_CLI_CLIENT_ID, LOCAL_WEB_CLIENT_ID } from '../local/identity-provider/local-clients';
import { LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS } from '../local/local-backend';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { createLocalServer, listen } from '../local/local-server';
import { requireIsolatedModuleGraph } from './isolated-module-graph';
import { startTestIdentity, type TestIdentity } from './test-identity';
import { createTestTable, type TestTable } from './test-table';

export interface LocalApi {
  /** Base URL of the tRPC endpoint, e.g. http://127.0.0.1:1234/trpc */
  url: string;
  /** Origin serving `/trpc` and `/config.json`. */
  origin: string;
  identity: TestIdentity;
  /** The API's table, for tests that set up what the API cannot (time passing, data from before). */
  table: TestTable;
  stop(): Promise<void>;
}

/** Ports on 127.0.0.1 (default: any free ones); `npm start` puts the provider on `port` + 1. */
export async function startLocalApi({ port = 0, identityPort = 0 }: { port?: number; identityPort?: number } = {}): Promise<LocalApi> {
  requireIsolatedModuleGraph('startLocalApi');
  const table = await createTestTable();
  const identity = await startTestIdentity({ port: identityPort });
  useLocalDynamoDbEnvironment(table.endpoint, table.tableName);
  Object.assign(process.env, identity.provider.apiEnvironment);
  process.env.DYNAMODB_REQUEST_TIMEOUT_MS = String(LOCAL_DYNAMODB_REQUEST_TIMEOUT_MS);
  // A fresh handler module, as a new Lambda execution environment has: it reads the environment
  // set above once, so a second API in the same test file must not get the first one's handler.
  vi.resetModules();
  const { handler } = await import('../lambda/handler');
  const server: Server = createLocalServer({
    handler,
    webConfig: {
      auth: {
        authority: identity.provider.issuer,
        clientId: LOCAL_WEB_CLIENT_ID,
        cliClientId: LOCAL_CLI_CLIENT_ID,
        scope: USER_SIGN_IN_SCOPE,
      },
    },
  });
  const origin = `http://127.0.0.1:${await listen(server, port)}`;
  return {
    url: `${origin}/trpc`,
    origin,
    identity,
    table,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await identity.stop();
    },
  };
}
