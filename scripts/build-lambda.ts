/** `npm run build:lambda`: bundles the Lambda handler into dist/lambda/ and prints its size. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundleLambda } from '../server/lambda/bundle';
import { REPO_ROOT } from '../server/local/local-backend';

const outdir = path.join(REPO_ROOT, 'dist', 'lambda');
rmSync(outdir, { recursive: true, force: true });
const size = await bundleLambda(outdir);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `Lambda artifact ${path.relative(process.cwd(), outdir)}: ${kb(size.totalBytes)} minified, ${kb(size.loadedAtStartBytes)} loaded at cold start`,
);
