/**
 * Vitest global setup: every temporary file of a test run goes into one scratch folder, removed
 * when the run ends. Tests and the libraries they drive (the CDK's `cdk.out` of every synth, which
 * copies the 22 MB AWS CLI layer of the site deployment; fake UI builds; packed client tarballs)
 * create folders under os.tmpdir() and not all of them clean up: thousands of runs filled the
 * disk. Workers are started after global setup and inherit TMPDIR, so os.tmpdir() points here in
 * every test file and every process a test starts. Each project runs this setup; the first creates
 * the folder and the last one to finish removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireShared } from '../server/testing/shared-across-projects';

export default function setup(): () => Promise<void> {
  const shared = acquireShared(
    'todos.vitest.scratchTmpdir',
    () => {
      const scratch = { previous: process.env.TMPDIR, dir: mkdtempSync(path.join(tmpdir(), 'todos-vitest-')) };
      process.env.TMPDIR = scratch.dir;
      return scratch;
    },
    ({ previous, dir }) => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      // Retried: a process a test started may still be writing in it as the run ends (ENOTEMPTY).
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  );
  return shared.release;
}
