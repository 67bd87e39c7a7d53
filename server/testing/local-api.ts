/**
 * Test helper: the real API over HTTP — the Lambda handler behind the local bridge,
 * on a fresh table in the run's DynamoDB Local — for client-side tests.
 */
import type { Server } from 'node:http';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { createLocalServer, listen } from '../local/local-server';
import { createTestTable } from './test-table';

export interface LocalApi {
  /** Base URL of the tRPC endpoint, e.g. http://127.0.0.1:1234/trpc */
  url: string;
  stop(): Promise<void>;
}

export async function startLocalApi(): Promise<LocalApi> {
  const table = await createTestTable();
  useLocalDynamoDbEnvironment(table.endpoint, table.tableName);
  const { handler } = await import('../lambda/handler');
  const server: Server = createLocalServer({ handler });
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}/trpc`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
