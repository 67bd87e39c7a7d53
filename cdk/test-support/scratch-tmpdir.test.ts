import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

// Each synth stages the site deployment's 22 MB AWS CLI layer in its own cdk.out under
// os.tmpdir(): the cdk project's global setup makes that the run's scratch folder, removed at the end.
it('synthesizes into a temporary folder that the run removes', () => {
  expect(path.basename(tmpdir())).toMatch(/^todos-vitest-/);
});
