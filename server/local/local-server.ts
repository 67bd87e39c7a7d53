/**
 * The local stand-in for CloudFront: one origin that sends `/trpc/*` to the Lambda
 * handler (through the bridge) and everything else to the built UI, with the same
 * single-page-app fallback as the deployed site.
 */
import { createServer, type Server } from 'node:http';
import sirv from 'sirv';
import { isUnderMountPath } from '../lambda/mount-path';
import { createLambdaBridge } from './http-lambda-bridge';
import type { LocalBackend } from './local-backend';

/** Without `staticDir` only the API is served. */
export function createLocalServer(backend: Pick<LocalBackend, 'handler'>, staticDir?: string): Server {
  const api = createLambdaBridge(backend.handler);
  const site = staticDir ? sirv(staticDir, { single: true, etag: true, gzip: false }) : undefined;
  return createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (isUnderMountPath(pathname)) {
      void api(req, res);
      return;
    }
    const notFound = () => {
      res.writeHead(404).end('Not found');
    };
    if (site) site(req, res, notFound);
    else notFound();
  });
}

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
