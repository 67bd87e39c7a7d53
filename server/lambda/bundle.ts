/**
 * How the Lambda artifact is built, in one place: `npm run build:lambda`, the
 * benchmarks and the CDK stack all bundle through here, so what we measure is what
 * we deploy.
 *
 * - The AWS SDK is bundled (not taken from the runtime) so its version is the one we
 *   test with, and tree-shaking keeps only the DynamoDB client.
 * - Credentials: Lambda always provides them in environment variables, so the SDK's
 *   default provider chain (SSO, INI files, STS, IMDS… and the nested clients they
 *   need) is replaced by the environment provider alone (env-credentials.ts). This
 *   takes about 130 KB out of the artifact.
 * - Code splitting: what the SDK still loads with dynamic `import()` (e.g. event
 *   streams, browser user-agent parsing) stays in chunks a cold start never reads.
 */
import path from 'node:path';
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';

export const HANDLER_ENTRY = path.join(import.meta.dirname, 'handler.ts');

/** The artifact's entry file (Lambda handler setting: `index.handler`). */
export const ENTRY_FILE = 'index.mjs';

export interface BundleOptions {
  entry?: string;
  /**
   * Code splitting and the environment-only credential provider. On by default; the
   * benchmark turns it off to reproduce a plain single-file bundle.
   */
  lambdaOptimizations?: boolean;
}

export function lambdaBuildOptions(outdir: string, options: BundleOptions = {}): BuildOptions & { metafile: true } {
  const { entry = HANDLER_ENTRY, lambdaOptimizations = true } = options;
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: lambdaOptimizations,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    // Lambda credentials always come from the environment: bundle only that provider.
    ...(lambdaOptimizations && {
      alias: { '@aws-sdk/credential-provider-node': path.join(import.meta.dirname, 'env-credentials.ts') },
    }),
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
