/**
 * The local provider's registered clients. They mirror the Cognito app clients
 * the CDK stack creates (web, cli, service), so every client code path is the one
 * that runs against AWS. The service secret is a well-known local value: this
 * provider only ever listens on 127.0.0.1 and guards nothing but local data.
 */
import type { ClientMetadata } from 'oidc-provider';
import { CLI_LOOPBACK_REDIRECT_URI } from '../../../shared/web-config';

export const LOCAL_WEB_CLIENT_ID = 'todos-web';
export const LOCAL_CLI_CLIENT_ID = 'todos-cli';
export const LOCAL_SERVICE_CLIENT_ID = 'todos-service';
export const LOCAL_SERVICE_CLIENT_SECRET = 'local-service-secret';

/** Resource indicator (RFC 8707) of the API: the `aud` of every access token the provider issues. */
export const LOCAL_API_AUDIENCE = 'urn:todos:api';

export const LOCAL_CLIENT_IDS = [LOCAL_WEB_CLIENT_ID, LOCAL_CLI_CLIENT_ID, LOCAL_SERVICE_CLIENT_ID] as const;

/** Client metadata (RFC 7591 names) for oidc-provider; `webOrigins` are where the UI is served. */
export function localClients(webOrigins: readonly string[]): ClientMetadata[] {
  const webRedirects = webOrigins.map((origin) => `${origin.replace(/\/$/, '')}/`);
  return [
    {
      client_id: LOCAL_WEB_CLIENT_ID,
      client_name: 'Todos web app',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: webRedirects,
      post_logout_redirect_uris: webRedirects,
    },
    {
      client_id: LOCAL_CLI_CLIENT_ID,
      client_name: 'Todos CLI',
      // Native: a loopback redirect matches on any port (RFC 8252 §7.3).
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [CLI_LOOPBACK_REDIRECT_URI],
    },
    {
      client_id: LOCAL_SERVICE_CLIENT_ID,
      client_name: 'Todos service client',
      client_secret: LOCAL_SERVICE_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ];
}
