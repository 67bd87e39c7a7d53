/**
 * Signs a user in to the **local** identity provider by name, without a browser:
 * the standard authorization code + PKCE flow, submitting the provider's sign-in
 * form ("User name") the way a person would. Used by `npm run token`, the CLI's
 * `login --user`, tests and benchmarks. It cannot work against Cognito (passwords,
 * MFA): there the CLI uses a real browser (see cli-browser-sign-in.ts).
 */
import { discoverProvider } from './oidc-discovery';
import { pkcePair, randomUrlSafe } from './pkce';
import { requestTokens, type Tokens } from './token-response';

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

export async function signInLocallyByName(options: LocalSignInOptions): Promise<Tokens> {
  const fetchImpl = options.fetch ?? fetch;
  const metadata = await discoverProvider(options.authority, fetchImpl);
  const { verifier, challenge } = await pkcePair();
  const state = randomUrlSafe(16);
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'login',
  }).toString();

  const cookies = new Map<string, string>();
  let url = authorize;
  let init: RequestInit = { method: 'GET' };
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
      const next = new URL(location, url);
      if (next.href.startsWith(options.redirectUri)) {
        const error = next.searchParams.get('error');
        if (error) throw new Error(`Sign-in failed: ${next.searchParams.get('error_description') ?? error}`);
        if (next.searchParams.get('state') !== state) throw new Error('Sign-in failed: state mismatch');
        const code = next.searchParams.get('code');
        if (!code) throw new Error('Sign-in failed: no authorization code');
        return requestTokens(
          metadata.token_endpoint,
          { grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, client_id: options.clientId, code_verifier: verifier },
          { fetch: fetchImpl },
        );
      }
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = response.ok ? formAction(html) : undefined;
    if (!action) throw new Error(`Sign-in failed: unexpected HTTP ${response.status} from ${url.origin}${url.pathname}`);
    url = new URL(action, url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: options.userName }).toString(),
    };
  }
  throw new Error('Sign-in failed: too many redirects');
}
