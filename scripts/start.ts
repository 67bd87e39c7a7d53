/**
 * `npm start`: DynamoDB Local + the Lambda handler behind the local bridge + the built
 * UI, all on http://localhost:3000 (PORT to change), and the local OpenID provider
 * on http://127.0.0.1:3001 (PORT + 1, or OIDC_PORT). Data persists in `.local/dynamodb`
 * (DYNAMODB_DATA_DIR to change) unless `--in-memory` (or DYNAMODB_IN_MEMORY=1) is
 * given. `--no-build` serves client/dist as it is (e.g. when tests built it once).
 * DynamoDB Local takes any free port on 127.0.0.1 unless DYNAMODB_PORT names one.
 * Ctrl-C stops everything.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import {
  dataDirFromCommandLine,
  dynamoPortFor,
  identityPortFor,
  loopbackOrigins,
  REPO_ROOT,
  startLocalBackend,
} from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { JavaMissingError } from '../server/local/dynamodb-local';

const CLIENT_DIST = path.join(REPO_ROOT, 'client', 'dist');
const CLIENT_SOURCES = [path.join(REPO_ROOT, 'client'), path.join(REPO_ROOT, 'shared')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Tests and build output are not part of the UI bundle.
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.includes('.test.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuild the UI only when a source file is newer than the last build. */
async function buildClientIfNeeded(): Promise<void> {
  const index = path.join(CLIENT_DIST, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt > Math.max(...CLIENT_SOURCES.map(newestMtime))) return;
  console.log('Building the web UI…');
  await build({ configFile: path.join(REPO_ROOT, 'client', 'vite.config.ts'), logLevel: 'warn' });
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!process.argv.includes('--no-build')) await buildClientIfNeeded();
  const dataDir = dataDirFromCommandLine();
  const dynamoPort = dynamoPortFor();
  const backend = await startLocalBackend({
    dataDir,
    identityPort: identityPortFor(port),
    webOrigins: loopbackOrigins(port),
    ...(dynamoPort !== undefined && { dynamoPort }),
  });
  const server = createLocalServer(backend, CLIENT_DIST);
  const actualPort = await listen(server, port);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await backend.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log(`Todos app: http://localhost:${actualPort}  (API at /trpc, DynamoDB Local ${dataDir === false ? 'in memory' : `data in ${path.relative(process.cwd(), dataDir) || '.'}`})`);
  console.log(`Sign-in: local OpenID provider at ${backend.identity.issuer} (any user name, no password; never expose it)`);
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
