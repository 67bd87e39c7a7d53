/** The few OpenID Provider metadata fields our clients use (OpenID Connect Discovery 1.0). */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export async function discoverProvider(authority: string, fetchImpl: typeof fetch = fetch): Promise<ProviderMetadata> {
  const url = `${authority.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`OpenID discovery failed at ${url}: HTTP ${response.status}`);
  return (await response.json()) as ProviderMetadata;
}
