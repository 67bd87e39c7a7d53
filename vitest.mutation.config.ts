import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The tests Stryker runs against each mutant (stryker.config.mjs): everything that
 * covers the mutated folders. Left out: the CDK tests (they cover no mutated code and
 * take minutes) and the package test (it type-checks a build of client/api, which in
 * Stryker's sandbox is instrumented code, not the code that ships).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: { exclude: ['cdk/**', 'client/api/package/**', '**/node_modules/**'] },
  }),
);
