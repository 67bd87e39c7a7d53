/**
 * `npm run dev`'s API: the Lambda handler, rebuilt and loaded afresh whenever a file it
 * is built from changes, while DynamoDB Local, the identity provider and Vite keep
 * running (decision 070).
 *
 * esbuild bundles the handler's own code (server/, shared/) into one ESM file, leaving
 * every package as an import; each build is imported under a new URL (`?v=<n>`), so
 * Node evaluates our code again while the packages (AWS SDK, tRPC, jose…) stay loaded.
 * A reload takes tens of milliseconds. A build that fails, or a module that throws
 * while loading, is reported and the previous handler keeps answering. The handler
 * itself knows nothing of this: requests go through a function that calls the latest
 * good build.
 *
 * Each build stays in memory (Node cannot unload an ES module): a few hundred KB per
 * save, nothing a development session notices.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { context, formatMessages, type BuildFailure, type Message } from 'esbuild';
import type { handler as LambdaHandler } from '../lambda/handler';

type Handler = typeof LambdaHandler;

export interface ReloadingHandlerOptions {
  /** The module that exports `handler` (the Lambda entry). */
  entry: string;
  /**
   * Where each build is written. Packages are imported from there, so it must be inside
   * the project (e.g. under `.local/`), where Node finds its node_modules.
   */
  outFile: string;
  /** Where reloads and build errors are reported (default: console.log). */
  log?: (line: string) => void;
}

export interface ReloadingHandler {
  /** Calls the latest handler that built and loaded. */
  handler: Handler;
  stop(): Promise<void>;
}

/** The handler did not build or load at start; the message has esbuild's errors with their source lines. */
export class HandlerLoadError extends Error {
  override name = 'HandlerLoadError';
}

/** Saves come in bursts (editors write, rename, touch): one rebuild after the burst. */
const SETTLE_MS = 30;

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

async function describeFailure(error: unknown): Promise<string> {
  if (!isBuildFailure(error)) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  const messages: Message[] = error.errors;
  return (await formatMessages(messages, { kind: 'error', color: false })).join('').trimEnd();
}

export async function startReloadingHandler(options: ReloadingHandlerOptions): Promise<ReloadingHandler> {
  const log = options.log ?? ((line: string) => console.log(line));
  const workingDir = path.dirname(options.outFile);
  await mkdir(workingDir, { recursive: true });
  const build = await context({
    entryPoints: [options.entry],
    outfile: options.outFile,
    absWorkingDir: workingDir,
    bundle: true,
    // Packages stay imports: loaded once, shared by every build.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Stack traces point at the TypeScript sources.
    sourcemap: 'inline',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });

  let current: Handler | undefined;
  let inputs = new Set<string>();
  let version = 0;
  const watchers = new Map<string, FSWatcher>();

  let loadedHash: string | undefined;

  /**
   * Builds and imports the handler; throws (leaving `current` as it was) if either fails.
   * Resolves false when the build is the one already loaded (a file saved unchanged).
   */
  async function load(): Promise<boolean> {
    const result = await build.rebuild();
    const [output] = result.outputFiles;
    if (!output) throw new Error(`esbuild produced no output for ${options.entry}`);
    if (output.hash === loadedHash) return false;
    await writeFile(options.outFile, output.contents);
    const module = (await import(`${pathToFileURL(options.outFile).href}?v=${++version}`)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${options.entry} does not export a function \`handler\``);
    current = module.handler as Handler;
    loadedHash = output.hash;
    inputs = new Set(Object.keys(result.metafile.inputs).map((input) => path.resolve(workingDir, input)));
    watchFolders();
    return true;
  }

  /**
   * Watches the folders of the build's files rather than the files: editors that save by
   * writing a new file and renaming it over the old one would end a file watch.
   */
  function watchFolders(): void {
    const folders = new Set([...inputs].map((file) => path.dirname(file)));
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name !== null && inputs.has(path.join(folder, name))) changed(path.join(folder, name));
        });
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch {
        // The folder went away between the build and now; the next build watches what is left.
      }
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Set<string>();
  let reloading: Promise<void> = Promise.resolve();
  let stopped = false;

  function changed(file: string): void {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(reload);
    }, SETTLE_MS);
  }

  async function reload(): Promise<void> {
    if (stopped || pending.size === 0) return;
    const files = [...pending].map((file) => path.relative(process.cwd(), file)).join(', ');
    pending.clear();
    const started = performance.now();
    try {
      if (await load()) log(`API reloaded in ${Math.round(performance.now() - started)} ms (${files} changed)`);
    } catch (error) {
      log(`API not reloaded: ${files} changed, but the handler did not build or load; the previous version keeps answering until this is fixed.\n${await describeFailure(error)}`);
    }
  }

  try {
    await load();
  } catch (error) {
    await build.dispose();
    throw new HandlerLoadError(`The API handler did not build or load:\n${await describeFailure(error)}`, { cause: error });
  }

  return {
    handler: async (event, lambdaContext) => {
      if (!current) throw new Error('The API handler is not loaded');
      return current(event, lambdaContext);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await reloading;
      await build.dispose();
      await rm(options.outFile, { force: true });
    },
  };
}
