/**
 * Access tokens for a backend service (OAuth 2.0 client-credentials grant), cached
 * until shortly before they expire; concurrent callers share one token request,
 * and a failed request is not cached (the next call asks again).
 * With `createTodosClient` a service needs three lines:
 *
 *   const getToken = clientCredentialsToken({ tokenEndpoint, clientId, clientSecret });
 *   const api = createTodosClient({ url: 'https://<site>/trpc', getToken });
 *   const { items } = await api.todos.list.query();
 */
import { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../shared/auth-scopes';
import { requestTokens, type Tokens } from './token-response';

export interface ClientCredentialsOptions {
  /** e.g. `https://<domain>.auth.<region>.amazoncognito.com/oauth2/token` (stack output TokenEndpoint) */
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** Defaults to both API scopes. */
  scope?: string;
  /**
   * Renew this long before expiry, so a token never expires in flight (default 60 s;
   * never more than half the token's lifetime, so short-lived tokens are still reused).
   */
  renewBeforeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 asks: form-encode id and secret first. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

export function clientCredentialsToken(options: ClientCredentialsOptions): () => Promise<string> {
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? 60_000;
  let cached: { tokens: Tokens; renewAt: number } | undefined;
  let pending: Promise<Tokens> | undefined;

  const fetchToken = async (): Promise<Tokens> => {
    const requestedAt = now();
    const tokens = await requestTokens(
      options.tokenEndpoint,
      { grant_type: 'client_credentials', scope: options.scope ?? `${TODOS_READ_SCOPE} ${TODOS_WRITE_SCOPE}` },
      {
        headers: { authorization: basicAuthorization(options.clientId, options.clientSecret) },
        now,
        ...(options.fetch && { fetch: options.fetch }),
      },
    );
    const lifetime = tokens.expiresAt - requestedAt;
    cached = { tokens, renewAt: tokens.expiresAt - Math.min(renewBeforeMs, lifetime / 2) };
    return tokens;
  };

  return async () => {
    if (cached && now() < cached.renewAt) return cached.tokens.accessToken;
    // One request at a time; it clears itself when settled, so a failure is retried by the next call.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return (await pending).accessToken;
  };
}
