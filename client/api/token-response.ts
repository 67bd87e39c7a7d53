/** An OAuth 2.0 token endpoint answer (RFC 6749 §5.1), with the expiry made absolute. */
export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
}

interface TokenEndpointBody {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** POSTs a form to a token endpoint; throws with the provider's error description on failure. */
export async function requestTokens(
  tokenEndpoint: string,
  form: Record<string, string>,
  options: { fetch?: typeof fetch; headers?: Record<string, string>; now?: () => number } = {},
): Promise<Tokens> {
  const fetchImpl = options.fetch ?? fetch;
  const startedAt = (options.now ?? Date.now)();
  const response = await fetchImpl(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...options.headers },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as TokenEndpointBody;
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
    throw new Error(`Token request failed: ${reason}`);
  }
  return {
    accessToken: body.access_token,
    ...(body.refresh_token && { refreshToken: body.refresh_token }),
    ...(body.id_token && { idToken: body.id_token }),
    expiresAt: startedAt + (body.expires_in ?? 3600) * 1000,
  };
}

/** Exchanges an authorization code (with its PKCE verifier) at the token endpoint; public clients only. */
export function exchangeAuthorizationCode(
  tokenEndpoint: string,
  request: { code: string; redirectUri: string; clientId: string; codeVerifier: string },
  options: { fetch?: typeof fetch; now?: () => number } = {},
): Promise<Tokens> {
  return requestTokens(
    tokenEndpoint,
    {
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      client_id: request.clientId,
      code_verifier: request.codeVerifier,
    },
    options,
  );
}

/**
 * Renews tokens with a refresh token (RFC 6749 §6), for a public client. Providers
 * that do not rotate refresh tokens (Cognito by default) answer without one: keep the old.
 */
export function refreshTokens(
  tokenEndpoint: string,
  request: { refreshToken: string; clientId: string },
  options: { fetch?: typeof fetch; now?: () => number } = {},
): Promise<Tokens> {
  return requestTokens(
    tokenEndpoint,
    { grant_type: 'refresh_token', refresh_token: request.refreshToken, client_id: request.clientId },
    options,
  );
}
