/**
 * The local stand-in for CloudFront: one origin that sends `/trpc/*` to the Lambda
 * handler (through the bridge), serves `/config.json` (which the CDK stack deploys
 * next to the UI in AWS) and everything else from the built UI, with the same
 * single-page-app fallback as the deployed site.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import sirv from 'sirv';
import { WEB_CONFIG_PATH, type WebConfig } from '../../shared/web-config';
import { isUnderMountPath } from '../lambda/mount-path';
import { createLambdaBridge } from './http-lambda-bridge';
import type { LocalBackend } from './local-backend';

/** Serves the site's `/config.json` for `webConfig`; `undefined` for any other path. */
export function webConfigRoute(webConfig: WebConfig): (pathname: string) => RequestListener | undefined {
  const body = JSON.stringify(webConfig);
  return (pathname) =>
    pathname === WEB_CONFIG_PATH
      ? (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(body);
        }
      : undefined;
}

/** Without `staticDir` only the API (and config) is served. */
export function createLocalServer(backend: Pick<LocalBackend, 'handler' | 'webConfig'>, staticDir?: string): Server {
  const api = createLambdaBridge(backend.handler);
  const config = webConfigRoute(backend.webConfig);
  const site = staticDir ? sirv(staticDir, { single: true, etag: true, gzip: false }) : undefined;
  return createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (isUnderMountPath(pathname)) {
      void api(req, res);
      return;
    }
    const configRoute = config(pathname);
    if (configRoute) {
      configRoute(req, res);
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
