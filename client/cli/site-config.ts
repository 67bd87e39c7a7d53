/** The sign-in settings the site publishes at `/config.json` (shared/web-config.ts), found from the API URL. */
import { WEB_CONFIG_PATH, webConfigSchema, type WebAuthConfig } from '../../shared/web-config';

export async function fetchSiteAuthConfig(apiUrl: string, fetchImpl: typeof fetch = fetch): Promise<WebAuthConfig> {
  const url = new URL(WEB_CONFIG_PATH, apiUrl);
  let body: unknown;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not load the site's sign-in settings from ${url.href} (${reason}; is \`npm start\` running?)`, {
      cause: error,
    });
  }
  const parsed = webConfigSchema.safeParse(body);
  if (!parsed.success) throw new Error(`${url.href} is not a valid site configuration`);
  return parsed.data.auth;
}
