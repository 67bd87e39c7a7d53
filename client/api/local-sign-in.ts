/**
 * Signs a user in to the **local** identity provider by name, without a browser:
 * the standard authorization code + PKCE flow, submitting the provider's sign-in
 * form ("User name") the way a person would. Used by `npm run token`, the CLI's
 * `login --user`, tests and benchmarks. It cannot work against Cognito (passwords,
 * MFA): there the CLI uses a real browser (see client/cli/cli-browser-sign-in.ts).
 */
import { authorizationCodeFrom, createAuthorizationRequest } from './authorization-request';
import { discoverProvider } from './oidc-discovery';
import { exchangeAuthorizationCode, type Tokens } from './token-response';

export interface LocalSignInOptions {
  authority: string;
  clientId: string;
  redirectUri: string;
  userName: string;
  scope: string;
  fetch?: typeof fetch;
}

const MAX_STEPS = 10;

function formAction(html: string): string | undefined {
  return /<form[^>]*\saction="([^"]+)"/i.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

export interface LocalBrowserOptions {
  userName: string;
  /** Stop (without requesting it) at the first redirect to a URL this accepts. */
  stopAt?: (url: URL) => boolean;
  fetch?: typeof fetch;
}

export type LocalBrowserResult =
  | { stoppedAt: URL }
  /** No more redirects and no sign-in form: the last page, e.g. the CLI's "you can close this tab". */
  | { stoppedAt?: undefined; url: URL; status: number; html: string };

/**
 * Plays a browser at the local provider: opens `start` (an authorization URL) with a
 * cookie jar, follows redirects and submits the sign-in form with `userName`.
 */
export async function signInLocallyInBrowser(start: URL, options: LocalBrowserOptions): Promise<LocalBrowserResult> {
  const fetchImpl = options.fetch ?? fetch;
  const cookies = new Map<string, string>();
  let url = start;
  let init: RequestInit = { method: 'GET' };
  let submitted = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    const cookieHeader = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetchImpl(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), ...(cookieHeader && { cookie: cookieHeader }) },
      signal: AbortSignal.timeout(10_000),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (options.stopAt?.(next)) return { stoppedAt: next };
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = response.ok && !submitted ? formAction(html) : undefined;
    if (!action) return { url, status: response.status, html };
    submitted = true;
    url = new URL(action, url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: options.userName }).toString(),
    };
  }
  throw new Error('Sign-in failed: too many redirects');
}

export async function signInLocallyByName(options: LocalSignInOptions): Promise<Tokens> {
  const fetchImpl = options.fetch ?? fetch;
  const metadata = await discoverProvider(options.authority, fetchImpl);
  const request = await createAuthorizationRequest({
    authorizationEndpoint: metadata.authorization_endpoint,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    scope: options.scope,
    extra: { prompt: 'login' },
  });
  const result = await signInLocallyInBrowser(request.url, {
    userName: options.userName,
    stopAt: (next) => next.href.startsWith(options.redirectUri),
    fetch: fetchImpl,
  });
  if (!result.stoppedAt) {
    throw new Error(`Sign-in failed: unexpected HTTP ${result.status} from ${result.url.origin}${result.url.pathname}`);
  }
  const code = authorizationCodeFrom(result.stoppedAt, request.state);
  return exchangeAuthorizationCode(
    metadata.token_endpoint,
    { code, redirectUri: options.redirectUri, clientId: options.clientId, codeVerifier: request.codeVerifier },
    { fetch: fetchImpl },
  );
}
