import { defineConfig } from 'vitest/config';

// One DynamoDB Local per run (globalSetup); each test file creates its own table.
export default defineConfig({
  test: {
    include: ['{shared,server,client,cdk,scripts,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['server/local/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: keep file-level parallelism modest so DynamoDB Local and CDK synth don't starve each other.
    maxWorkers: 2,
    // The function's request logs and metrics stay quiet in tests; observability tests turn them on.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
    // Expected noise: each rejected token is logged (by design), and oidc-provider warns about
    // Node 20 and its in-memory store on every start. Real failures still print.
    onConsoleLog: (log) => !(log.includes('"access token rejected"') || log.includes('oidc-provider WARNING')),
  },
});
