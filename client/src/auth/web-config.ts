/**
 * Reads the site's `/config.json` (identity provider and client ids; nothing of it
 * is compiled into the bundle) and checks it against the shared schema.
 */
import { WEB_CONFIG_PATH, webConfigSchema, type WebConfig } from '../../../shared/web-config';

export async function loadWebConfig(): Promise<WebConfig> {
  const response = await fetch(WEB_CONFIG_PATH, { cache: 'no-cache', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${WEB_CONFIG_PATH} answered HTTP ${response.status}`);
  const parsed = webConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`${WEB_CONFIG_PATH} is not a valid configuration`);
  return parsed.data;
}
