// @ts-check
/**
 * Mutation testing (`npm run mutate`): StrykerJS changes the product code one small
 * bug at a time and runs the vitest tests that cover it; a mutant no test notices
 * "survives". Scope: the API (server/), the shared schemas, the web client's data
 * layer and the typed client. Test files and test helpers are not product code.
 * Reports: reports/mutation/mutation.{html,json}. Incremental from the committed baseline
 * .stryker/incremental.json: a run retests only the mutants whose code or tests changed
 * (docs/mutation-testing.md; a run from nothing takes hours on two cores).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: [
    'server/**/*.ts',
    'shared/**/*.ts',
    'client/src/data/**/*.ts',
    'client/api/**/*.ts',
    '!**/*.test.ts',
    '!server/testing/**',
    '!server/lambda/fixtures/**',
    '!server/local/vitest-global-setup.ts',
    '!client/api/package/**',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level code: schemas, constants, settings) can only be tested by
  // reloading every module, i.e. running the whole suite per mutant: about 35 hours here for
  // 1,200 of them. They are left out of the score; the code they touch runs in every test.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two cores: the tests start DynamoDB Local, identity providers and local servers.
  concurrency: 2,
  timeoutMS: 30_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
};
