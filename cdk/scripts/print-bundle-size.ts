// Prints the size of each bundled ESM Lambda (index.mjs plus its code-split chunks) in a synthesized
// cloud assembly, so that bundle growth (and with it cold-start time) is visible on every
// `npm run synth`: the whole artifact, and the part a cold start loads (the entry and the chunks it
// imports statically; chunks behind dynamic import() load only if used).
// Usage: tsx cdk/scripts/print-bundle-size.ts [cdk.out]
//    or: tsx cdk/scripts/print-bundle-size.ts --synth [cdk synth arguments]  (`npm run synth -- -c stage=prod`):
//        runs `cdk synth --quiet --no-notices <arguments>` first, then prints the sizes of what it wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface BundleInfo {
  readonly stackName: string;
  /** Construct path of the function, e.g. TodosApp-dev/Api/Function. */
  readonly constructPath: string;
  /** The entry file, index.mjs. */
  readonly file: string;
  /** Every file of the artifact. */
  readonly totalBytes: number;
  /** The entry file plus the chunks it imports statically. */
  readonly loadedAtStartBytes: number;
  /** Roughly what Lambda downloads (the asset is a zip). */
  readonly gzipBytes: number;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** Static `import … from "./x.mjs"` / `import "./x.mjs"` of relative files, as esbuild emits them. */
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w${},*\s]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

function staticClosure(entry: string): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string): void => {
    if (loaded.has(file) || !existsSync(file)) return;
    loaded.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1];
      if (specifier !== undefined) visit(path.resolve(path.dirname(file), specifier));
    }
  };
  visit(entry);
  return loaded;
}

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJsonObject(file: string): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObject(parsed)) throw new Error(`${file}: expected a JSON object`);
  return parsed;
}

function objectEntries(value: unknown): [string, JsonObject][] {
  if (!isObject(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, JsonObject] => isObject(entry[1]));
}

/**
 * Finds Lambda functions whose code asset contains index.mjs (the NodejsFunction ESM output).
 * Relies on the asset metadata (`aws:asset:path`) that the CDK CLI adds by default, so it reads
 * only the current synth's templates and ignores stale asset folders left in cdk.out.
 */
export function findNodeBundles(cdkOut: string): BundleInfo[] {
  const manifest = readJsonObject(path.join(cdkOut, 'manifest.json'));
  const bundles: BundleInfo[] = [];

  for (const [stackName, artifact] of objectEntries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !isObject(artifact.properties)) continue;
    const templateFile = artifact.properties.templateFile;
    if (typeof templateFile !== 'string') continue;

    const template = readJsonObject(path.join(cdkOut, templateFile));
    for (const [logicalId, resource] of objectEntries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function' || !isObject(resource.Metadata)) continue;
      const assetPath = resource.Metadata['aws:asset:path'];
      if (typeof assetPath !== 'string') continue;

      const file = path.join(path.resolve(cdkOut, assetPath), 'index.mjs');
      if (!existsSync(file)) continue;

      const cdkPath = resource.Metadata['aws:cdk:path'];
      const all = filesBelow(path.dirname(file));
      const size = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + statSync(f).size, 0);
      bundles.push({
        stackName,
        constructPath: typeof cdkPath === 'string' ? cdkPath.replace(/\/Resource$/, '') : logicalId,
        file,
        totalBytes: size(all),
        loadedAtStartBytes: size(staticClosure(file)),
        gzipBytes: all.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0),
      });
    }
  }
  return bundles;
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * `npm run synth -- <arguments>`: the arguments go to `cdk synth` (the cloud assembly goes where
 * `-o`/`--output` says, else cdk.json's `cdk.out`).
 */
export function synthCommand(args: readonly string[]): { cdkArgs: string[]; cdkOut: string } {
  let cdkOut = 'cdk.out';
  args.forEach((arg, index) => {
    if ((arg === '-o' || arg === '--output') && args[index + 1] !== undefined) cdkOut = args[index + 1] ?? cdkOut;
    else if (arg.startsWith('--output=')) cdkOut = arg.slice('--output='.length);
  });
  return { cdkArgs: ['synth', '--quiet', '--no-notices', ...args], cdkOut };
}

function main(): void {
  const [first, ...rest] = process.argv.slice(2);
  let cdkOutArg = first;
  if (first === '--synth') {
    const { cdkArgs, cdkOut } = synthCommand(rest);
    // `cdk` from node_modules/.bin, which `npm run` puts on PATH.
    const synth = spawnSync('cdk', cdkArgs, { stdio: 'inherit' });
    if (synth.error) throw synth.error;
    if (synth.status !== 0) {
      process.exitCode = synth.status ?? 1;
      return;
    }
    cdkOutArg = cdkOut;
  }
  const cdkOut = path.resolve(cdkOutArg ?? 'cdk.out');
  if (!existsSync(path.join(cdkOut, 'manifest.json'))) {
    console.error(`No cloud assembly at ${cdkOut}: run cdk synth first.`);
    process.exitCode = 1;
    return;
  }
  const bundles = findNodeBundles(cdkOut);
  if (bundles.length === 0) {
    // Not an error: synth with bundling skipped (-c aws:cdk:bundling-stacks=[]) has no bundles.
    console.log('No bundled index.mjs found (was bundling skipped?).');
    return;
  }
  for (const bundle of bundles) {
    console.log(
      `Lambda bundle ${bundle.constructPath}: ${formatKb(bundle.totalBytes)} minified (gzip ${formatKb(bundle.gzipBytes)}), ` +
        `${formatKb(bundle.loadedAtStartBytes)} loaded at cold start  ${path.relative(process.cwd(), path.dirname(bundle.file))}`,
    );
  }
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(path.resolve(invokedPath)).href) {
  main();
}
