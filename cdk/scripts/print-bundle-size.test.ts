import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findNodeBundles, formatKb, synthCommand } from './print-bundle-size';

const SCRIPT = fileURLToPath(new URL('./print-bundle-size.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function fakeCloudAssembly(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-out-'));
  const asset = (name: string, files: Record<string, string>): void => {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name, file)), { recursive: true });
      writeFileSync(path.join(dir, name, file), content);
    }
  };
  // Shaped like esbuild's split output: a static import (loaded at start) and a dynamic one (not).
  const entry = `import{a as x}from"./chunks/static-A.mjs";const l=()=>import("./chunks/lazy-B.mjs");`;
  asset('asset.api', {
    'index.mjs': entry.padEnd(2048, ' '),
    'chunks/static-A.mjs': `import"./shared-C.mjs";export const a=1;`.padEnd(1024, ' '),
    'chunks/shared-C.mjs': 'export{}'.padEnd(512, ' '),
    'chunks/lazy-B.mjs': 'export const b=2;'.padEnd(4096, ' '),
  });
  asset('asset.python', { 'index.py': 'print(1)' });
  // Left over from an earlier synth: not referenced by the template, must be ignored.
  asset('asset.stale', { 'index.mjs': 'y'.repeat(10) });

  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      version: '1',
      artifacts: {
        'TodosApp-dev': { type: 'aws:cloudformation:stack', properties: { templateFile: 'TodosApp-dev.template.json' } },
        Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      },
    }),
  );
  writeFileSync(
    path.join(dir, 'TodosApp-dev.template.json'),
    JSON.stringify({
      Resources: {
        ApiFunction: {
          Type: 'AWS::Lambda::Function',
          Metadata: { 'aws:cdk:path': 'TodosApp-dev/Api/Function/Resource', 'aws:asset:path': 'asset.api' },
        },
        DeployHandler: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:asset:path': 'asset.python' } },
        Table: { Type: 'AWS::DynamoDB::GlobalTable' },
      },
    }),
  );
  return dir;
}

describe('print-bundle-size', () => {
  it('finds the index.mjs of functions referenced by the current templates only', () => {
    const dir = fakeCloudAssembly();
    const bundles = findNodeBundles(dir);
    expect(bundles).toHaveLength(1);
    expect(bundles[0]).toMatchObject({
      stackName: 'TodosApp-dev',
      constructPath: 'TodosApp-dev/Api/Function',
      file: path.join(dir, 'asset.api', 'index.mjs'),
      totalBytes: 2048 + 1024 + 512 + 4096,
      // The lazily imported chunk is not loaded at cold start.
      loadedAtStartBytes: 2048 + 1024 + 512,
    });
    expect(bundles[0]?.gzipBytes).toBeLessThan(400);
  });

  it('formats sizes in KB with one decimal', () => {
    expect(formatKb(2048)).toBe('2.0 KB');
    expect(formatKb(1_080_000)).toBe('1054.7 KB');
  });

  it('prints one line per bundle when run as a script', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', SCRIPT, fakeCloudAssembly()], { encoding: 'utf8' });
    expect(output).toMatch(
      /^Lambda bundle TodosApp-dev\/Api\/Function: 7\.5 KB minified \(gzip [\d.]+ KB\), 3\.5 KB loaded at cold start/,
    );
  });

  it('`npm run synth -- <arguments>` passes the arguments to cdk synth, then prints from its output folder', () => {
    expect(synthCommand(['-c', 'stage=prod'])).toEqual({ cdkArgs: ['synth', '--quiet', '--no-notices', '-c', 'stage=prod'], cdkOut: 'cdk.out' });
    expect(synthCommand(['-o', 'out/prod']).cdkOut).toBe('out/prod');
    expect(synthCommand(['--output=elsewhere', '-c', 'stage=prod']).cdkOut).toBe('elsewhere');

    // package.json's `synth` command as `npm run synth -- -c stage=prod -o <assembly>` runs it (arguments
    // appended), with a stand-in `cdk` first on PATH that records its arguments (a real synth is covered by
    // the stack tests and takes minutes).
    const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const bin = mkdtempSync(path.join(tmpdir(), 'todos-fake-cdk-'));
    const recorded = path.join(bin, 'args.txt');
    writeFileSync(path.join(bin, 'cdk'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${recorded}'\n`);
    chmodSync(path.join(bin, 'cdk'), 0o755);
    const assembly = fakeCloudAssembly();
    const output = execFileSync('sh', ['-c', `${scripts.synth ?? 'false'} "$@"`, 'npm-run-synth', '-c', 'stage=prod', '-o', assembly], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: [bin, path.join(REPO_ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter) },
    });
    expect(readFileSync(recorded, 'utf8').trim().split('\n')).toEqual(['synth', '--quiet', '--no-notices', '-c', 'stage=prod', '-o', assembly]);
    expect(output).toMatch(/^Lambda bundle TodosApp-dev\/Api\/Function: 7\.5 KB minified/);
  });

  it('fails when there is no cloud assembly', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', SCRIPT, path.join(tmpdir(), 'does-not-exist-cdk-out')], { stdio: 'pipe' }),
    ).toThrow(/No cloud assembly/);
  });
});
