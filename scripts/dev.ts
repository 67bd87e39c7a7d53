/**
 * `npm run dev`: Vite with hot reload for the UI, and the same local API (DynamoDB
 * Local + Lambda handler via the bridge) mounted on the same origin at `/trpc`, plus
 * `/config.json` and the local OpenID provider on PORT + 1.
 */
import path from 'node:path';
import { createServer } from 'vite';
import { createLambdaBridge } from '../server/local/http-lambda-bridge';
import { JavaMissingError } from '../server/local/dynamodb-local';
import {
  dataDirFromCommandLine,
  identityPortFor,
  loopbackOrigins,
  REPO_ROOT,
  startLocalBackend,
} from '../server/local/local-backend';
import { webConfigRoute } from '../server/local/local-server';
import { isUnderMountPath } from '../server/lambda/mount-path';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const backend = await startLocalBackend({
    dataDir: dataDirFromCommandLine(),
    identityPort: identityPortFor(port),
    webOrigins: loopbackOrigins(port),
  });
  const api = createLambdaBridge(backend.handler);
  const config = webConfigRoute(backend.webConfig);
  const vite = await createServer({
    configFile: path.join(REPO_ROOT, 'client', 'vite.config.ts'),
    server: { port, host: '127.0.0.1', strictPort: true },
    plugins: [
      {
        name: 'local-lambda-api',
        configureServer(server) {
          server.middlewares.use((req, res, next) => {
            const pathname = (req.url ?? '').split('?')[0] ?? '';
            const configRoute = config(pathname);
            if (isUnderMountPath(pathname)) void api(req, res);
            else if (configRoute) configRoute(req, res);
            else next();
          });
        },
      },
    ],
  });
  await vite.listen();
  vite.printUrls();

  const stop = async () => {
    await vite.close();
    await backend.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
