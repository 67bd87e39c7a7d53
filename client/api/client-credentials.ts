/**
 * Access tokens for a backend service (OAuth 2.0 client-credentials grant), cached
 * until shortly before they expire; concurrent callers share one token request.
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
  /** Renew this long before expiry, so a token never expires in flight. */
  renewBeforeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export function clientCredentialsToken(options: ClientCredentialsOptions): () => Promise<string> {
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? 60_000;
  let cached: Tokens | undefined;
  let pending: Promise<Tokens> | undefined;

  const fetchToken = () =>
    requestTokens(
      options.tokenEndpoint,
      { grant_type: 'client_credentials', scope: options.scope ?? `${TODOS_READ_SCOPE} ${TODOS_WRITE_SCOPE}` },
      {
        headers: { authorization: `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}` },
        now,
        ...(options.fetch && { fetch: options.fetch }),
      },
    );

  return async () => {
    if (cached && now() < cached.expiresAt - renewBeforeMs) return cached.accessToken;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.accessToken;
  };
}
