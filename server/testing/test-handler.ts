/**
 * Test helper: the real Lambda handler, configured purely through the environment
 * as in AWS — a fresh table in the run's DynamoDB Local and a fresh local identity
 * provider whose users' tokens it accepts. Call from `beforeAll`; stop the identity
 * provider in `afterAll`.
 */
import type { handler as Handler } from '../lambda/handler';
import { useLocalDynamoDbEnvironment } from '../local/local-environment';
import { requireIsolatedModuleGraph } from './isolated-module-graph';
import { startTestIdentity, type TestIdentity } from './test-identity';
import { createTestTable, type TestTable } from './test-table';

export interface TestHandler {
  handler: typeof Handler;
  identity: TestIdentity;
  /** The table the handler uses (unless `tableSuffix` points it elsewhere). */
  table: TestTable;
}

export async function loadTestHandler(options: { env?: Record<string, string>; tableSuffix?: string } = {}): Promise<TestHandler> {
  requireIsolatedModuleGraph('loadTestHandler');
  const table = await createTestTable();
  const identity = await startTestIdentity();
  useLocalDynamoDbEnvironment(table.endpoint, `${table.tableName}${options.tableSuffix ?? ''}`);
  Object.assign(process.env, identity.provider.apiEnvironment, options.env);
  const { handler } = await import('../lambda/handler');
  return { handler, identity, table };
}
