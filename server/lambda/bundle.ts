/**
 * How the Lambda artifact is built, in one place: `npm run build:lambda`, the
 * benchmarks and the CDK stack all bundle through here, so what we measure is what
 * we deploy.
 *
 * - The AWS SDK is bundled (not taken from the runtime) so its version is the one we
 *   test with, and tree-shaking keeps only the DynamoDB client.
 * - Code splitting: the SDK loads credential providers (SSO, STS, INI files…) with
 *   dynamic `import()`. In Lambda credentials come from the environment, so those
 *   chunks are never loaded, and the code parsed at cold start shrinks by about a third.
 */
import path from 'node:path';
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';

export const HANDLER_ENTRY = path.join(import.meta.dirname, 'handler.ts');

/** The artifact's entry file (Lambda handler setting: `index.handler`). */
export const ENTRY_FILE = 'index.mjs';

export interface BundleOptions {
  entry?: string;
  /** On by default; the benchmark turns it off to reproduce a plain single-file bundle. */
  splitting?: boolean;
}

export function lambdaBuildOptions(outdir: string, options: BundleOptions = {}): BuildOptions & { metafile: true } {
  const { entry = HANDLER_ENTRY, splitting = true } = options;
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    // Some dependencies are CommonJS and call `require` for Node built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  };
}

export interface ArtifactSize {
  /** Every file of the artifact. */
  totalBytes: number;
  /** What a cold start actually loads: the entry file and the chunks it imports statically. */
  loadedAtStartBytes: number;
}

export function artifactSize(metafile: Metafile, outdir: string): ArtifactSize {
  const outputs = metafile.outputs;
  const entryKey = Object.keys(outputs).find((key) => path.resolve(key) === path.resolve(outdir, ENTRY_FILE));
  const loaded = new Set<string>();
  const visit = (key: string) => {
    const output = outputs[key];
    if (!output || loaded.has(key)) return;
    loaded.add(key);
    for (const imported of output.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  if (entryKey) visit(entryKey);
  const sum = (keys: Iterable<string>) => [...keys].reduce((total, key) => total + (outputs[key]?.bytes ?? 0), 0);
  return { totalBytes: sum(Object.keys(outputs)), loadedAtStartBytes: sum(loaded) };
}

/** Bundles the handler (or another entry) into `outdir`. */
export async function bundleLambda(outdir: string, options?: BundleOptions): Promise<ArtifactSize> {
  const result = await build(lambdaBuildOptions(outdir, options));
  return artifactSize(result.metafile, outdir);
}

/** Synchronous variant for CDK's local bundling hook, which cannot await. */
export function bundleLambdaSync(outdir: string, options?: BundleOptions): ArtifactSize {
  const result = buildSync(lambdaBuildOptions(outdir, options));
  return artifactSize(result.metafile, outdir);
}
