/**
 * The artifact's build settings and size accounting, without building (bundle.test.ts builds
 * the real artifact; this file also runs under mutation testing, where building cannot).
 */
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { artifactSize, ENTRY_FILE, HANDLER_ENTRY, lambdaBuildOptions } from './bundle';

describe('lambdaBuildOptions', () => {
  it('bundles the handler into one minified ESM entry for Node, split, with the environment-only credential provider', () => {
    const options = lambdaBuildOptions('/out');
    expect(HANDLER_ENTRY).toBe(path.join(import.meta.dirname, 'handler.ts'));
    expect(ENTRY_FILE).toBe('index.mjs');
    expect(options).toEqual({
      entryPoints: { index: HANDLER_ENTRY },
      outdir: '/out',
      bundle: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      treeShaking: true,
      mainFields: ['module', 'main'],
      legalComments: 'none',
      alias: { '@aws-sdk/credential-provider-node': path.join(import.meta.dirname, 'env-credentials.ts') },
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      sourcemap: false,
      metafile: true,
      logLevel: 'warning',
    });
  });

  it('builds a plain single file without the Lambda optimizations, for the naive baseline', () => {
    const options = lambdaBuildOptions('/out', { entry: '/x/naive.ts', lambdaOptimizations: false });
    expect(options.entryPoints).toEqual({ index: '/x/naive.ts' });
    expect(options.splitting).toBe(false);
    expect(options).not.toHaveProperty('alias');
  });
});

describe('artifactSize', () => {
  const output = (bytes: number, imports: Metafile['outputs'][string]['imports'] = []) => ({ bytes, imports, exports: [], inputs: {} });

  it('counts every file in total, and only what the entry imports statically as loaded at start', () => {
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        'out/index.mjs': output(100, [
          { path: 'out/chunks/a.mjs', kind: 'import-statement' },
          { path: 'out/chunks/lazy.mjs', kind: 'dynamic-import' },
          { path: 'node:fs', kind: 'import-statement', external: true },
        ]),
        'out/chunks/a.mjs': output(20, [
          { path: 'out/chunks/b.mjs', kind: 'import-statement' },
          { path: 'out/index.mjs', kind: 'import-statement' },
        ]),
        'out/chunks/b.mjs': output(3),
        'out/chunks/lazy.mjs': output(1000, [{ path: 'out/chunks/b.mjs', kind: 'import-statement' }]),
      },
    };
    expect(artifactSize(metafile, 'out')).toEqual({ totalBytes: 1123, loadedAtStartBytes: 123 });
  });

  it('loads nothing at start when there is no entry file', () => {
    const metafile: Metafile = { inputs: {}, outputs: { 'out/other.mjs': output(7) } };
    expect(artifactSize(metafile, 'out')).toEqual({ totalBytes: 7, loadedAtStartBytes: 0 });
  });
});
