/**
 * The CLI's sign-in with the system browser (RFC 8252, OAuth for native apps): a
 * one-shot HTTP server on the loopback redirect URI, the authorization code flow
 * with PKCE (S256) and `state`, and the code exchanged at the token endpoint. This
 * is how the CLI signs in to Cognito's managed login (passwords, MFA, federation
 * all happen in the browser); locally it works the same against the local provider.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { authorizationCodeFrom, createAuthorizationRequest } from '../api/authorization-request';
import { discoverProvider } from '../api/oidc-discovery';
import { exchangeAuthorizationCode, type Tokens } from '../api/token-response';

export const BROWSER_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface BrowserSignInOptions {
  authority: string;
  clientId: string;
  scope: string;
  /** Must be registered with the provider exactly (Cognito); port 0 = any free port (local provider, tests). */
  redirectUri: string;
  /** Shows the user the URL and tries to open it (default: the system browser). */
  openUrl: (url: string) => void;
  out: (line: string) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Best effort: the URL is printed too, so a failure to open a browser only costs a copy and paste. */
export function openInSystemBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser opener: the printed URL is enough
  }
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>' +
  `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export async function signInWithBrowser(options: BrowserSignInOptions): Promise<Tokens> {
  const fetchImpl = options.fetch ?? fetch;
  const metadata = await discoverProvider(options.authority, fetchImpl);
  const redirect = new URL(options.redirectUri);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${redirect.port} on ${redirect.hostname} is in use (another \`login\` running?); try again when it is free`)
          : error,
      );
    });
    server.listen(Number(redirect.port || 80), redirect.hostname, () => resolve());
  });
  const address = server.address();
  if (typeof address === 'object' && address) redirect.port = String(address.port);
  const redirectUri = redirect.href;

  try {
    const request = await createAuthorizationRequest({
      authorizationEndpoint: metadata.authorization_endpoint,
      clientId: options.clientId,
      redirectUri,
      scope: options.scope,
    });
    const timeoutMs = options.timeoutMs ?? BROWSER_SIGN_IN_TIMEOUT_MS;
    const tokens = new Promise<Tokens>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Sign-in timed out after ${Math.round(timeoutMs / 1000)} s without an answer from the browser`));
      }, timeoutMs);
      const respond = (res: ServerResponse, status: number, html: string) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' }).end(html);
      };
      const handle = async (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', redirectUri);
        if (req.method !== 'GET' || url.pathname !== redirect.pathname) {
          res.writeHead(404, { connection: 'close' }).end('Not found');
          return;
        }
        try {
          const code = authorizationCodeFrom(url, request.state);
          const result = await exchangeAuthorizationCode(
            metadata.token_endpoint,
            { code, redirectUri, clientId: options.clientId, codeVerifier: request.codeVerifier },
            { fetch: fetchImpl },
          );
          respond(res, 200, page('Signed in', 'You can close this tab and go back to the terminal.'));
          resolve(result);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          respond(res, 400, page('Sign-in failed', `${escapeHtml(message)}. You can close this tab; the terminal says what to do next.`));
          reject(error instanceof Error ? error : new Error(message));
        } finally {
          clearTimeout(timer);
        }
      };
      server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
    });

    options.out('Opening the browser to sign in. If it does not open, visit this URL:');
    options.out(`  ${request.url.href}`);
    options.out('Waiting for the browser (Ctrl-C to cancel)…');
    options.openUrl(request.url.href);
    return await tokens;
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
