/**
 * The deployable artifact itself: bundled exactly as for Lambda, copied where no
 * node_modules can be reached, and invoked in a fresh Node process with a real
 * Function URL event against DynamoDB Local — with credentials from environment
 * variables only, as Lambda provides them. Also holds the size budget.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamodb-local';
import { startTestIdentity, type TestIdentity } from '../testing/test-identity';
import { createTestTable, type TestTable } from '../testing/test-table';
import { bundleLambda, ENTRY_FILE, type ArtifactSize } from './bundle';
import { functionUrl } from './fixtures/events';

/** The performance budget for the whole artifact (minified). */
const MAX_ARTIFACT_BYTES = 450 * 1024;

const outdir = mkdtempSync(path.join(tmpdir(), 'todos-lambda-artifact-'));
let size: ArtifactSize;
let table: TestTable;
let identity: TestIdentity;

beforeAll(async () => {
  size = await bundleLambda(outdir);
  table = await createTestTable();
  identity = await startTestIdentity();
});
afterAll(async () => {
  rmSync(outdir, { recursive: true, force: true });
  await identity.stop();
});

/**
 * Invokes the bundled handler once in a plain Node process (no vitest module runner, no tsx).
 * Asynchronously: the identity provider it fetches signing keys from runs in this process.
 */
async function invokeBundle(event: unknown): Promise<{ statusCode: number; body: string }> {
  const script = `
    const { handler } = await import(${JSON.stringify(path.join(outdir, ENTRY_FILE))});
    const result = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'artifact-test' });
    console.log(JSON.stringify(result));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    cwd: outdir,
    encoding: 'utf8',
    // Only what Lambda sets (plus the DynamoDB Local endpoint): no profile, no config files.
    env: {
      PATH: process.env.PATH ?? '',
      EVENT: JSON.stringify(event),
      DDB_TODOS_TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: 'session-token',
      ...identity.provider.apiEnvironment,
      HOME: outdir,
    },
  });
  // The last line: the handler writes its request log and metrics to stdout before it, as in Lambda.
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { statusCode: number; body: string };
}

describe('Lambda artifact', () => {
  it(`stays within the ${MAX_ARTIFACT_BYTES / 1024} KB budget, and cold start loads only part of it`, () => {
    expect(size.totalBytes).toBeLessThanOrEqual(MAX_ARTIFACT_BYTES);
    // The DynamoDB SDK is loaded on first use (lazy-todo-repository.ts): not at cold start.
    expect(size.loadedAtStartBytes).toBeLessThan(size.totalBytes / 2);
    expect(readdirSync(outdir)).toEqual(expect.arrayContaining([ENTRY_FILE, 'chunks']));
  });

  it('serves signed-in requests on its own with environment credentials, and verifies tokens', async () => {
    const token = await identity.tokenFor('bundled');
    const headers = { authorization: `Bearer ${token}` };
    const created = await invokeBundle(
      functionUrl({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ name: 'bundled' }] }), headers }),
    );
    expect(created.statusCode).toBe(200);
    const anonymous = await invokeBundle(functionUrl({ path: '/trpc/todos.list' }));
    expect(anonymous.statusCode).toBe(401);
    const listed = await invokeBundle(functionUrl({ path: '/trpc/todos.list', headers }));
    expect(listed.statusCode).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ result: { data: { items: [{ name: 'bundled' }] } } });
  });
});
