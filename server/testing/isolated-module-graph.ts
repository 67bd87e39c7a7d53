/**
 * Test helper: refuses to go on in the app tests' shared module graph (vitest.config.ts,
 * decision 099). A helper that sets the environment the Lambda handler reads once and then
 * imports the handler would, in a graph shared with earlier test files, get the handler those
 * files loaded: another table, another identity provider. The variable is set by the shared
 * project only, so outside vitest (and in the mutation runs) this does nothing.
 */
export const SHARED_MODULE_GRAPH_ENV = 'VITEST_SHARED_MODULE_GRAPH';

export function requireIsolatedModuleGraph(helper: string): void {
  if (process.env[SHARED_MODULE_GRAPH_ENV]) {
    throw new Error(
      `${helper} sets the environment the Lambda handler reads once: this test file needs a module graph of its own. ` +
        'Add it to isolatedAppFiles in vitest.config.ts.',
    );
  }
}
