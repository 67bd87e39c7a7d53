/**
 * `/config.json`: what the web UI (and the CLI) learn from the site at startup, so
 * no identifier is compiled into the bundle. The CDK stack writes it next to the
 * built UI; the local server serves the local provider's values.
 */
import * as z from 'zod/mini';

/** What the web UI's sign-in uses of an OpenID provider's discovery document. */
export const providerEndpointsSchema = z.object({
  /** `authorization_endpoint`: where the sign-in redirect goes. */
  authorization: z.url(),
  /** `token_endpoint`: the code exchange and renewals. */
  token: z.url(),
  /** `revocation_endpoint`: sign-out revokes the refresh token there. */
  revocation: z.url(),
  /** `end_session_endpoint`; Cognito has none (its logout is `logoutEndpoint`). */
  endSession: z.optional(z.url()),
});

export type ProviderEndpoints = z.infer<typeof providerEndpointsSchema>;

export const webConfigSchema = z.object({
  auth: z.object({
    /** OpenID Connect issuer (discovery at `<authority>/.well-known/openid-configuration`). */
    authority: z.url(),
    /** Public client of the web UI (authorization code + PKCE, no secret). */
    clientId: z.string().check(z.minLength(1)),
    scope: z.string().check(z.minLength(1)),
    /** Public client of the CLI (loopback redirect); absent where the CLI is not set up. */
    cliClientId: z.optional(z.string().check(z.minLength(1))),
    /** Cognito only: its logout endpoint, which its discovery document does not list. */
    logoutEndpoint: z.optional(z.url()),
    /**
     * The provider's endpoints, as its discovery document lists them: with them the browser
     * signs in without fetching that document first, twice per sign-in (decision 102).
     * Absent: oidc-client-ts reads them from `<authority>/.well-known/openid-configuration`.
     */
    endpoints: z.optional(providerEndpointsSchema),
  }),
});

export type WebConfig = z.infer<typeof webConfigSchema>;
export type WebAuthConfig = WebConfig['auth'];

export const WEB_CONFIG_PATH = '/config.json';

/** Where the CLI's browser sign-in receives the authorization code (registered with every provider). */
export const CLI_LOOPBACK_REDIRECT_URI = 'http://127.0.0.1:53682/callback';
