import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

// The app projects' global setup points TMPDIR at the run's scratch folder (removed when the run
// ends); without it, every synth and fake build of a run stayed on the disk.
it('gives the app tests a temporary folder that the run removes', () => {
  expect(path.basename(tmpdir())).toMatch(/^todos-vitest-/);
});
