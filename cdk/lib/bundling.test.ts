import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findNodeBundles } from '../scripts/print-bundle-size';
import { createApp } from './create-app';
import { REPO_ROOT } from './paths';
import { fakeClientDist } from '../test-support/synth';

// Real esbuild bundling (no Docker) of a small handler with the stack's exact bundling options:
// proves ESM output, the createRequire banner for CJS code, and that the AWS SDK is bundled.
// The fixture lives under node_modules/.cache so esbuild resolves packages from the repo
// (a folder in /tmp could not see node_modules) without adding files to the source tree.
const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const fixtureDir = mkdtempSync(path.join(cacheDir, 'todos-cdk-bundling-'));

writeFileSync(
  path.join(fixtureDir, 'cjs-dep.cjs'),
  "const crypto = require('node:crypto');\nmodule.exports = { hash: (s) => crypto.createHash('sha256').update(s).digest('hex') };\n",
);
writeFileSync(
  path.join(fixtureDir, 'handler.ts'),
  [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import cjs from './cjs-dep.cjs';",
    'export const handler = async () => ({ sdk: typeof DynamoDBClient, hash: cjs.hash(process.env.DDB_TODOS_TABLE_NAME ?? "unset") });',
  ].join('\n'),
);

afterAll(() => {
  rmSync(fixtureDir, { recursive: true, force: true });
});

interface FixtureResult {
  readonly sdk: string;
  readonly hash: string;
}

// A plain Node process, not vitest's module runner (which would resolve packages and provide
// `require` on the bundle's behalf and hide exactly the failures this test is about).
function callHandlerInNode(file: string, env: Record<string, string>): FixtureResult {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify(await m.handler()));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.dirname(file),
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as FixtureResult;
}

describe('API function bundling', { timeout: 120_000 }, () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-bundle-out-'));
  const { app } = createApp({
    // Asset and path metadata: what the CDK CLI adds by default and what print-bundle-size reads.
    appProps: { outdir, context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true } },
    env: {},
    stackProps: { apiEntry: path.join(fixtureDir, 'handler.ts'), clientDist: fakeClientDist() },
  });
  const assembly = app.synth();
  const bundles = findNodeBundles(assembly.directory);

  it('produces one ESM entry (index.mjs) with code-split chunks and no source map', () => {
    expect(bundles.map((b) => b.constructPath)).toEqual(['TodosApp-dev/Api/Function']);
    const [bundle] = bundles;
    const files = readdirSync(path.dirname(bundle?.file ?? ''), { recursive: true }).map(String);
    expect(files).toContain('index.mjs');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f !== 'index.mjs' && f !== 'chunks').every((f) => f.startsWith('chunks/'))).toBe(true);
    // The SDK's credential providers sit behind dynamic import(): split out, not loaded at start.
    expect(bundle?.loadedAtStartBytes).toBeLessThan(bundle?.totalBytes ?? 0);
  });

  it('starts with the createRequire banner and is minified', () => {
    const code = readFileSync(bundles[0]?.file ?? '', 'utf8');
    expect(code.startsWith("import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);")).toBe(true);
    expect(code).not.toContain('sourceMappingURL');
    // Minified: a few very long lines, not thousands of short ones.
    expect(code.split('\n').length).toBeLessThan(50);
  });

  it('bundles the AWS SDK instead of importing it from the runtime', () => {
    const dir = path.dirname(bundles[0]?.file ?? '');
    const code = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // `from "x"` and `import("x")`; a bare `import "x"` also appears inside SDK error-message strings.
    const specifiers = [...code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(specifiers.length).toBeGreaterThan(0);
    // Only Node built-ins and the bundle's own chunks stay external; every package (the SDK
    // included) is inlined.
    expect(specifiers.filter((s) => !s?.startsWith('node:') && !s?.startsWith('./'))).toEqual([]);
    expect(code).not.toMatch(/import\(["']@aws-sdk\//);
  });

  it('runs on its own: loads with no node_modules in reach, and CJS code can require() Node built-ins', () => {
    // A copy outside the repo cannot resolve any package, so this fails if anything was left external.
    const isolatedDir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-bundle-run-'));
    cpSync(path.dirname(bundles[0]?.file ?? ''), isolatedDir, { recursive: true });
    const isolated = path.join(isolatedDir, 'index.mjs');
    const result = callHandlerInNode(isolated, { DDB_TODOS_TABLE_NAME: 'bundled' });
    expect(result).toEqual({ sdk: 'function', hash: createHash('sha256').update('bundled').digest('hex') });
  });
});
