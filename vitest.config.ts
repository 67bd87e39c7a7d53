import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The application's tests: one DynamoDB Local per run (globalSetup), each test file with its
 * own table. vitest.mutation.config.ts runs these alone, all isolated, as one flat configuration.
 */
export const appTests = {
  test: {
    name: 'app',
    include: ['{shared,server,client,scripts,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['scripts/vitest-scratch-tmpdir.ts', 'server/local/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The function's request logs and metrics stay quiet in tests; observability tests turn them on.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
} satisfies TestProjectInlineConfiguration;

/**
 * The app test files that need a fresh module graph of their own (vitest's `isolate`, the
 * default), because modules they load read the environment once, as a Lambda execution
 * environment does. Every other app test file shares one module graph per worker (decision
 * 099): loading the AWS SDK, tRPC, TanStack DB and the identity provider once per worker
 * instead of once per file. A file belongs here when it, or a helper it uses:
 * - sets the environment the Lambda handler reads on its first request (table, endpoint,
 *   issuer, limits) and then imports the handler: every user of `loadTestHandler`
 *   (server/testing/test-handler.ts) or `startLocalApi` (server/testing/local-api.ts), which
 *   refuse to run in the shared graph (server/testing/isolated-module-graph.ts), and outage.test.ts;
 * - sets a POWERTOOLS_* variable before the telemetry module loads (request-report-unit);
 * - stubs `fetch` at module level before importing the app's data singletons (app-data,
 *   user-data: the query client and the signed-in user live in module scope);
 * - drives the client sync, whose status lives in module-level singletons (save-status,
 *   sync-status, write-errors) that one file can leave set and the next asserts clear.
 * Test files that only build what they test from arguments (repositories on their own table,
 * routers through createCaller, pure functions, client units with an in-memory or fake
 * IndexedDB store) and that undo their stubs and fake timers after each test stay shared.
 * vitest itself restores spies after each file in the shared graph.
 */
const isolatedAppFiles = [
  // loadTestHandler: the handler on this file's table and identity provider
  'server/edge/api-viewer-request.test.ts',
  'server/lambda/cloudfront-signed-event.test.ts',
  'server/lambda/handler.test.ts',
  'server/lambda/internal-errors.test.ts',
  'server/lambda/response-size.test.ts',
  'server/lambda/todo-limit.test.ts',
  'server/lambda/unavailable-response.test.ts',
  'server/observability/request-report.test.ts',
  // sets the handler's environment itself, for a DynamoDB Local of its own
  'server/dynamodb/outage.test.ts',
  // startLocalApi: the API over HTTP on this file's table and identity provider
  'client/api/client-credentials.test.ts',
  'client/api/package/pack.test.ts',
  'client/cli/run-todos-cli.test.ts',
  'client/src/data/person-sync.test.ts',
  'client/src/data/todos-collection.test.ts',
  'server/auth/unauthorized-requests.test.ts',
  'server/lists/default-list-migration.test.ts',
  'server/lists/list-delete.test.ts',
  'server/lists/list-isolation.test.ts',
  'server/lists/lists-api.test.ts',
  'server/sync/sync-changes.test.ts',
  'server/todos/owner-isolation.test.ts',
  'server/todos/todos-model.test.ts',
  // POWERTOOLS_METRICS_DISABLED=false before the telemetry module loads
  'server/observability/request-report-unit.test.ts',
  // a stubbed fetch before the app's data singletons load
  'client/src/data/local-copy-lifecycle.test.ts',
  'client/src/data/user-data.test.ts',
  // the sync's status singletons (savingRows counts, syncStatus, writeErrors): a file can leave a
  // row marked as saving (a sync stopped with a write in flight), and these files assert it clear
  // (save-status and todo-sync-edges failed in the shared graph after another file had run)
  'client/src/data/local-copy-recovery.test.ts',
  'client/src/data/save-status.test.ts',
  'client/src/data/status-line-honesty.test.ts',
  'client/src/data/sync-status.test.ts',
  'client/src/data/sync/feed-target.test.ts',
  'client/src/data/sync/outbox-order.test.ts',
  'client/src/data/todo-sync-edges.test.ts',
  'client/src/data/todo-sync-outcomes.test.ts',
  'client/src/data/todo-sync.test.ts',
  'client/src/data/write-errors.test.ts',
];


const isolatedAppTests = {
  test: { ...appTests.test, name: 'app-isolated', include: isolatedAppFiles },
} satisfies TestProjectInlineConfiguration;

const sharedAppTests = {
  test: {
    ...appTests.test,
    name: 'app',
    exclude: [...isolatedAppFiles, '**/node_modules/**'],
    isolate: false,
    // Read by server/testing/isolated-module-graph.ts (SHARED_MODULE_GRAPH_ENV); a literal here, since
    // Vite's config loader warns about extensionless imports of the app's TypeScript.
    env: { ...appTests.test.env, VITEST_SHARED_MODULE_GRAPH: '1' },
  },
} satisfies TestProjectInlineConfiguration;

/** Expected noise: each rejected token is logged (by design). Real failures still print. */
export const onConsoleLog = (log: string): boolean => !log.includes('"access token rejected"');

/**
 * The CDK tests synthesize the stack from their inputs alone and share nothing but
 * aws-cdk-lib, which takes seconds to load: they run in one module graph per worker
 * instead of one per file (less than half the time).
 */
const cdkTests = {
  test: {
    name: 'cdk',
    include: ['cdk/**/*.test.ts'],
    globalSetup: ['scripts/vitest-scratch-tmpdir.ts'],
    isolate: false,
    testTimeout: 30_000,
  },
} satisfies TestProjectInlineConfiguration;

export default defineConfig({
  test: {
    // Two cores here: keep file-level parallelism modest so DynamoDB Local and CDK synth don't starve each other.
    maxWorkers: 2,
    onConsoleLog,
    projects: [sharedAppTests, isolatedAppTests, cdkTests],
  },
});
