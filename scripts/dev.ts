/**
 * `npm run dev`: Vite with hot reload for the UI, and the same local API (DynamoDB
 * Local + Lambda handler via the bridge) mounted on the same origin at `/trpc`, plus
 * `/config.json` and the local OpenID provider on PORT + 1. A change to the server code
 * reloads the handler, keeping DynamoDB Local and the provider running (decision 070).
 *
 * Vite runs as middleware of our own HTTP server, so this script alone decides how
 * Ctrl-C and SIGTERM stop everything (a Vite server would exit the process on SIGTERM
 * by itself, racing the stop of Java).
 */
import { createServer as createHttpServer } from 'node:http';
import path from 'node:path';
import { createServer as createViteServer } from 'vite';
import { createLambdaBridge } from '../server/local/http-lambda-bridge';
import { JavaMissingError } from '../server/local/dynamodb-local';
import {
  dataDirFromCommandLine,
  identityPortFor,
  loopbackOrigins,
  REPO_ROOT,
  startLocalBackend,
} from '../server/local/local-backend';
import { listen, webConfigRoute } from '../server/local/local-server';
import { HandlerLoadError } from '../server/local/reloading-handler';
import { isUnderMountPath } from '../server/lambda/mount-path';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = dataDirFromCommandLine();
  const backend = await startLocalBackend({
    dataDir,
    identityPort: identityPortFor(port),
    webOrigins: loopbackOrigins(port),
    reloadOnChange: true,
  });
  const server = createHttpServer();
  const vite = await createViteServer({
    configFile: path.join(REPO_ROOT, 'client', 'vite.config.ts'),
    server: { middlewareMode: true, hmr: { server } },
    appType: 'spa',
  });
  const api = createLambdaBridge(backend.handler);
  const config = webConfigRoute(backend.webConfig);
  server.on('request', (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const configRoute = config(pathname);
    if (isUnderMountPath(pathname)) void api(req, res);
    else if (configRoute) configRoute(req, res);
    else vite.middlewares(req, res);
  });
  await listen(server, port);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await backend.stop();
    await vite.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log(`Todos app (dev): http://localhost:${port}  (DynamoDB Local ${dataDir === false ? 'in memory' : `data in ${path.relative(process.cwd(), dataDir) || '.'}`})`);
  console.log('  UI:  Vite hot reload');
  console.log('  API: /trpc, the Lambda handler reloaded when you save a server file');
  console.log(`Sign-in: local OpenID provider at ${backend.identity.issuer} (any user name, no password; never expose it)`);
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError || error instanceof HandlerLoadError ? error.message : error);
  process.exit(1);
});
