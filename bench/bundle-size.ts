/**
 * Shipped JavaScript: how much the web UI sends to a browser, in total and per
 * dependency, against the budget of issue 10 (200 KB gzip in all, sign-in and sync
 * included).
 *
 * It builds the UI with the project's own Vite config into a temporary folder, the
 * same build as `client/dist` plus hidden source maps (the JavaScript is byte for
 * byte the shipped one) and Vite's manifest. Every byte of every emitted script is
 * attributed through its source map to the source file it came from, and so to an
 * npm package (or to a folder of ours); a package's gzip size is its bytes, cut out
 * of the minified output and compressed alone (so per-package gzip figures add up to
 * a little more than the total, which is the real compressed size of the files).
 *
 * CLI: `npx tsx bench/bundle-size.ts` (prints Markdown; `--json` prints the figures).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { kb } from './measure';

/** Issue 10: all the JavaScript of the app, gzip. */
export const SHIPPED_JS_BUDGET_BYTES = 200 * 1024;

const REPO_ROOT = path.join(import.meta.dirname, '..');
const VITE_CONFIG = path.join(REPO_ROOT, 'client', 'vite.config.ts');

export interface ScriptFile {
  /** Path inside the build output, e.g. `assets/index-abc.js` or `sw.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** `start`: loaded by index.html before the first paint; `lazy`: imported on demand; `worker`: service worker. */
  load: 'start' | 'lazy' | 'worker';
}

export interface DependencySize {
  /** npm package name, or a folder of this repository (`client/src/app`…). */
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  files: ScriptFile[];
  dependencies: DependencySize[];
  /** The page's scripts (every chunk, lazy ones included): what the budget is about. */
  totalBytes: number;
  totalGzipBytes: number;
  /** The service worker, fetched by the browser once per deploy and never run by the page. */
  workerGzipBytes: number;
  /** What index.html loads before anything renders (entry and preloaded chunks). */
  startGzipBytes: number;
  budgetGzipBytes: number;
}

const gzipSize = (data: string | Buffer) => gzipSync(data).length;

/** The package (or repository folder) a source file belongs to. */
export function ownerOf(source: string): string {
  const normalized = source.replaceAll('\\', '/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [first = '', second = ''] = normalized.slice(at + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (normalized.startsWith('\0') || !normalized.includes('/')) return '(bundler runtime)';
  const inRepo = path.relative(REPO_ROOT, path.resolve(normalized)).replaceAll('\\', '/');
  if (inRepo.startsWith('..')) return '(other)';
  const parts = inRepo.split('/');
  // client/src/app, client/src/data, client/src/auth, client/api, shared…
  return parts.slice(0, parts[0] === 'client' && parts[1] === 'src' ? 3 : parts[0] === 'client' ? 2 : 1).join('/');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one line of source map `mappings` into [generated column, source index | -1] pairs. */
function decodeLine(line: string, state: { source: number }): [number, number][] {
  const segments: [number, number][] = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (segment === '') continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      if (digit < 0) throw new Error(`Bad source map character ${char}`);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0] ?? 0;
    if (fields.length >= 4) {
      state.source += fields[1] ?? 0;
      segments.push([column, state.source]);
    } else segments.push([column, -1]);
  }
  return segments;
}

interface SourceMapJson {
  sources: string[];
  mappings: string;
}

/** Splits a generated script into the pieces each owner contributed (text per owner). */
export function attribute(code: string, map: SourceMapJson, mapDir: string): Map<string, string> {
  const owners = map.sources.map((source) => ownerOf(path.resolve(mapDir, source)));
  const pieces = new Map<string, string[]>();
  const add = (owner: string, text: string) => {
    if (text === '') return;
    const list = pieces.get(owner) ?? [];
    list.push(text);
    pieces.set(owner, list);
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  const state = { source: 0 };
  lines.forEach((line, index) => {
    const segments = decodeLine(mappingLines[index] ?? '', state);
    // Text before the first mapping, and the newline, belong to nobody in particular.
    add('(unmapped)', line.slice(0, segments[0]?.[0] ?? line.length) + (index < lines.length - 1 ? '\n' : ''));
    segments.forEach(([column, source], at) => {
      const end = segments[at + 1]?.[0] ?? line.length;
      add(source >= 0 ? (owners[source] ?? '(unmapped)') : '(unmapped)', line.slice(column, end));
    });
  });
  return new Map([...pieces].map(([owner, list]) => [owner, list.join('')]));
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

/** The chunks index.html loads at start: the entry and its static imports (which Vite preloads). */
function startFiles(manifest: Manifest): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return files;
}

/** Measures an existing build folder that has hidden source maps and `.vite/manifest.json`. */
export function measureBuild(outDir: string): BundleSize {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const atStart = startFiles(manifest);
  const fromVite = new Set(Object.values(manifest).map((chunk) => chunk.file));
  const scripts = listFiles(outDir).filter((file) => file.endsWith('.js') && !file.startsWith('.vite/'));
  const files: ScriptFile[] = [];
  const byOwner = new Map<string, string[]>();
  for (const file of scripts) {
    const code = readFileSync(path.join(outDir, file), 'utf8');
    files.push({
      file,
      bytes: Buffer.byteLength(code),
      gzipBytes: gzipSize(code),
      load: atStart.has(file) ? 'start' : fromVite.has(file) ? 'lazy' : 'worker',
    });
    let pieces: Map<string, string>;
    try {
      const map = JSON.parse(readFileSync(path.join(outDir, `${file}.map`), 'utf8')) as SourceMapJson;
      pieces = attribute(code, map, path.dirname(path.join(outDir, file)));
    } catch {
      // A script without a map (e.g. a generated service worker): one owner, named after it.
      pieces = new Map([[`(${file.replace(/-[\w-]{8,}\.js$/, '.js')})`, code]]);
    }
    for (const [owner, text] of pieces) byOwner.set(owner, [...(byOwner.get(owner) ?? []), text]);
  }
  const dependencies = [...byOwner]
    .map(([name, texts]) => {
      const text = texts.join('\n');
      return { name, bytes: Buffer.byteLength(text), gzipBytes: gzipSize(text) };
    })
    .sort((a, b) => b.bytes - a.bytes);
  files.sort((a, b) => ['start', 'lazy', 'worker'].indexOf(a.load) - ['start', 'lazy', 'worker'].indexOf(b.load) || b.bytes - a.bytes);
  const sum = (list: ScriptFile[], key: 'bytes' | 'gzipBytes') => list.reduce((total, f) => total + f[key], 0);
  const page = files.filter((f) => f.load !== 'worker');
  return {
    files,
    dependencies,
    totalBytes: sum(page, 'bytes'),
    totalGzipBytes: sum(page, 'gzipBytes'),
    workerGzipBytes: sum(
      files.filter((f) => f.load === 'worker'),
      'gzipBytes',
    ),
    startGzipBytes: sum(
      files.filter((f) => f.load === 'start'),
      'gzipBytes',
    ),
    budgetGzipBytes: SHIPPED_JS_BUDGET_BYTES,
  };
}

/** Builds the UI (the shipped build, plus hidden source maps and the manifest) into a temporary folder and measures it. */
export async function benchBundleSize(): Promise<BundleSize> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bundle-size-'));
  try {
    await build({
      configFile: VITE_CONFIG,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: 'hidden', manifest: true },
    });
    return measureBuild(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function formatBundleSize(result: BundleSize, top = 12): string {
  const met = result.totalGzipBytes <= result.budgetGzipBytes;
  const shown = result.dependencies.slice(0, top);
  const rest = result.dependencies.slice(top);
  const restBytes = rest.reduce((total, d) => total + d.bytes, 0);
  return [
    `The page's scripts, all chunks: **${kb(result.totalGzipBytes)} gzip** (${kb(result.totalBytes)} minified) against the budget of ` +
      `${kb(result.budgetGzipBytes)} gzip: **${met ? 'met' : `missed by ${kb(result.totalGzipBytes - result.budgetGzipBytes)}`}**. ` +
      `Loaded before the first paint (signed out, or while signing in): ${kb(result.startGzipBytes)} gzip; ` +
      `the service worker (once per deploy, not run by the page): ${kb(result.workerGzipBytes)} gzip. ` +
      'Per dependency: bytes of the minified output attributed through source maps; gzip of each alone.',
    '',
    '| file | loaded | minified | gzip |',
    '|---|---|---|---|',
    ...result.files.map((f) => `| \`${f.file}\` | ${f.load} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} |`),
    '',
    '| dependency | minified | gzip (alone) |',
    '|---|---|---|',
    ...shown.map((d) => `| ${d.name} | ${kb(d.bytes)} | ${kb(d.gzipBytes)} |`),
    ...(rest.length > 0 ? [`| ${rest.length} more | ${kb(restBytes)} | |`] : []),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const result = await benchBundleSize();
  console.log(process.argv.includes('--json') ? JSON.stringify(result, null, 2) : formatBundleSize(result, 40));
}
