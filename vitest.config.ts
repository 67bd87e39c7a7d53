import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The application's tests: one DynamoDB Local per run (globalSetup), each test file with its
 * own table, and each in a fresh module graph, because a test file sets the environment a
 * Lambda execution environment reads once (table, issuer) and then imports the handler.
 * vitest.mutation.config.ts runs these alone.
 */
export const appTests = {
  test: {
    name: 'app',
    include: ['{shared,server,client,scripts,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['server/local/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The function's request logs and metrics stay quiet in tests; observability tests turn them on.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
} satisfies TestProjectInlineConfiguration;

/** Expected noise: each rejected token is logged (by design). Real failures still print. */
export const onConsoleLog = (log: string): boolean => !log.includes('"access token rejected"');

/**
 * The CDK tests synthesize the stack from their inputs alone and share nothing but
 * aws-cdk-lib, which takes seconds to load: they run in one module graph per worker
 * instead of one per file (less than half the time; decision 071).
 */
const cdkTests = {
  test: {
    name: 'cdk',
    include: ['cdk/**/*.test.ts'],
    isolate: false,
    testTimeout: 30_000,
  },
} satisfies TestProjectInlineConfiguration;

export default defineConfig({
  test: {
    // Two cores here: keep file-level parallelism modest so DynamoDB Local and CDK synth don't starve each other.
    maxWorkers: 2,
    onConsoleLog,
    projects: [appTests, cdkTests],
  },
});
