import { defineConfig } from 'vitest/config';
import { appTests, onConsoleLog } from './vitest.config';

/**
 * The tests Stryker runs against each mutant (stryker.config.mjs): everything that
 * covers the mutated folders. Left out: the CDK tests (they cover no mutated code and
 * take minutes), and the package and artifact tests: they build client/api and the Lambda
 * bundle, which in Stryker's sandbox are instrumented code (larger, differently typed), not
 * the code that ships. And the real-outage test (server/dynamodb/outage.test.ts): it starts
 * its own DynamoDB Local and pauses it, about 10 s per run, and what it bounds (the SDK
 * client's timeouts) are static settings that mutation testing ignores (ignoreStatic).
 * One flat configuration (the app tests' settings, no projects), as before.
 */
export default defineConfig({
  test: {
    ...appTests.test,
    name: undefined,
    maxWorkers: 2,
    onConsoleLog,
    // The model-based property test covers nearly every mutant of the API and takes about 20 s
    // at its CI size (15 random runs); 3 runs per mutant still walk every operation and keep a
    // full mutation run within hours rather than a day. CI runs it at full size.
    env: { ...appTests.test.env, FC_RUNS: '3' },
    // The change feed's concurrent-writers proof runs about 20 s and covers every repository
    // mutant; per mutant, the feed's example tests (todo-change-feed.test.ts) stand in for it.
    exclude: [
      'cdk/**',
      'client/api/package/**',
      'server/lambda/bundle.test.ts',
      'server/dynamodb/outage.test.ts',
      'server/todos/todo-change-feed-concurrency.test.ts',
      '**/node_modules/**',
    ],
  },
});
