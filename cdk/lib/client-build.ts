import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CLIENT_DIST, REPO_ROOT } from './paths';

/**
 * Synth never publishes a site without the built UI (decision 021). The CDK app builds the UI
 * itself, from the sources in this checkout, every time it synthesizes (`cdk synth`, `diff`,
 * `deploy`, `destroy`, `npm run synth`, a pipeline): there is no "stale client/dist" to detect,
 * because it is always rebuilt. With `-c clientDist=<dir>` (a UI built elsewhere, e.g. a CI
 * artifact) nothing is built, and synth fails unless that folder holds an index.html.
 */
export class ClientBuildError extends Error {
  override readonly name = 'ClientBuildError';
}

export type ClientBuilder = (outDir: string) => void;

/** `npm run build:client` (Vite), the same command a developer runs; output on stderr, so `cdk synth` stdout stays the template. */
export const buildWithVite: ClientBuilder = (outDir) => {
  const result = spawnSync('npm', ['run', '--silent', 'build:client', '--', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
    shell: process.platform === 'win32',
  });
  if (result.error) throw new ClientBuildError(`Could not run "npm run build:client": ${result.error.message}`);
  if (result.status !== 0) {
    throw new ClientBuildError(`"npm run build:client" failed (exit ${String(result.status)}): the UI must build before it can be deployed. Fix the error above and synth again.`);
  }
};

export interface PrepareClientOptions {
  /** `-c clientDist=<dir>`: a prebuilt UI to deploy as is. */
  readonly contextClientDist?: unknown;
  /** Where the UI is built when no prebuilt folder is given. */
  readonly outDir?: string;
  readonly build?: ClientBuilder;
}

export function assertBuiltClient(dir: string, hint: string): void {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new ClientBuildError(`No built web UI in ${dir} (index.html is missing): ${hint}`);
  }
}

/** Returns the folder to deploy as the site: freshly built, or the given prebuilt one. */
export function prepareClientDist(options: PrepareClientOptions = {}): string {
  const given = options.contextClientDist;
  if (given !== undefined && given !== null && given !== '') {
    if (typeof given !== 'string') throw new ClientBuildError('Context value "clientDist" must be a path');
    const dir = path.resolve(REPO_ROOT, given);
    assertBuiltClient(dir, 'build the UI into that folder first (npm run build:client -- --outDir <dir>), or drop -c clientDist to let synth build it.');
    return dir;
  }
  const outDir = options.outDir ?? DEFAULT_CLIENT_DIST;
  (options.build ?? buildWithVite)(outDir);
  assertBuiltClient(outDir, 'the UI build reported success but wrote no index.html.');
  return outDir;
}
