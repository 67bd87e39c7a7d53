import { Aws, Duration, Fn, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolEmail,
  UserPoolOperation,
  VerificationEmailStyle,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PreTokenGeneration } from './pre-token-generation';
import type { SignUpEmail } from './stage-config';
import type { ProviderEndpoints } from '../../shared/web-config';
import { WebClientUrls } from './web-client-urls';

/** Resource server identifier: scopes are `todos/read` and `todos/write`. */
export const RESOURCE_SERVER_ID = 'todos';
export const API_SCOPES = [`${RESOURCE_SERVER_ID}/read`, `${RESOURCE_SERVER_ID}/write`] as const;
/** What the web UI and the CLI ask for (config.json `scope`). */
export const USER_SCOPES = ['openid', 'email', 'profile', ...API_SCOPES] as const;
/** The example CLI's loopback redirect (client/cli), the same on every stage. */
export const CLI_CALLBACK_URL = 'http://127.0.0.1:53682/callback';
/** The local dev server (`npm run dev`), allowed as a web redirect on throwaway stages (protectData: false) only. */
export const LOCAL_WEB_URLS = ['http://localhost:3000/', 'http://127.0.0.1:3000/'] as const;
/**
 * How long a user stays signed in without entering their password (and second factor) again: the
 * refresh token's lifetime, counted from sign-in, not extended by renewals (decision 056).
 */
export const USER_REFRESH_TOKEN_VALIDITY = Duration.days(7);
/**
 * Refresh tokens rotate: every renewal at the token endpoint returns a new one and retires the old
 * one after this grace period, so a renewal whose answer was lost can be retried (Cognito's maximum).
 */
export const REFRESH_TOKEN_ROTATION_GRACE = Duration.seconds(60);

const FORBIDDEN_IN_PREFIX = /aws|amazon|cognito/;

/**
 * Cognito prefix domains are global per region across all accounts, so the prefix must be unique:
 * `todos-<stage>-<stack UUID>`. The UUID is the last part of the stack ID, fixed for the life of the
 * stack and different for every stack in every account and region, and it does not reveal the
 * account ID. At most 6 + 20 + 1 + 36 = 63 characters, lower-case hex and hyphens.
 */
export function domainPrefixFor(stage: string): string {
  if (FORBIDDEN_IN_PREFIX.test(stage)) {
    throw new Error(`Stage "${stage}" cannot be part of a Cognito domain prefix: it must not contain "aws", "amazon" or "cognito"`);
  }
  return Fn.join('', [`todos-${stage}-`, Fn.select(2, Fn.split('/', Aws.STACK_ID))]);
}

export interface TodosUserPoolProps {
  readonly stage: string;
  /** Deletion protection on the pool; throwaway stages also allow the local dev server as a redirect. */
  readonly protectData: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** Every user signs in with an authenticator app (TOTP) as second factor (stage setting requireMfa). */
  readonly requireMfa: boolean;
  /** Cognito threat protection, enforced, on the Plus plan (stage setting threatProtection). */
  readonly threatProtection: boolean;
  /** Send through Amazon SES (stage setting signUpEmail); absent: Cognito's default sender. */
  readonly signUpEmail?: SignUpEmail;
}

/** The shape of `config.json` that the web UI reads at startup. */
export interface SiteAuthConfig {
  readonly auth: {
    readonly authority: string;
    readonly clientId: string;
    readonly cliClientId: string;
    readonly scope: string;
    readonly logoutEndpoint: string;
    readonly endpoints: ProviderEndpoints;
  };
}

/**
 * Sign-in for the app (decision 017): a user pool with email sign-in and self sign-up, the `todos`
 * resource server, a managed-login domain, and three app clients (web SPA, example CLI, and a
 * confidential client for services using the client-credentials grant).
 */
export class TodosUserPool extends Construct {
  public readonly pool: UserPool;
  public readonly domain: UserPoolDomain;
  public readonly resourceServer: UserPoolResourceServer;
  public readonly webClient: UserPoolClient;
  public readonly cliClient: UserPoolClient;
  public readonly serviceClient: UserPoolClient;
  public readonly preTokenGeneration: PreTokenGeneration;
  private readonly props: TodosUserPoolProps;

  constructor(scope: Construct, id: string, props: TodosUserPoolProps) {
    super(scope, id);
    this.props = props;

    this.pool = new UserPool(this, 'Pool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      // A changed email address is only used once the user has confirmed it.
      keepOriginal: { email: true },
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: 'Your Todos verification code',
        emailBody: 'Your Todos verification code is {####}',
      },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Required MFA: managed login sets up an authenticator app (TOTP) at the second sign-in and
      // asks for a code at every sign-in after that. Off: password only. Never "optional": no
      // client of this app can set up TOTP on its own (that needs the aws.cognito.signin.user.admin
      // scope and a UI), so optional MFA would be a promise nobody can use (decision 055). SMS and
      // email factors stay off (cost, SIM swapping; email is already the recovery channel).
      ...(props.requireMfa ? { mfa: Mfa.REQUIRED, mfaSecondFactor: { sms: false, otp: true, email: false } } : { mfa: Mfa.OFF }),
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Sign-up codes and password resets: Amazon SES from a verified identity, or Cognito's own
      // sender (about 50 emails a day, for throwaway stages only; stage-config.ts enforces it).
      email: props.signUpEmail
        ? UserPoolEmail.withSES({
            fromEmail: props.signUpEmail.from,
            ...(props.signUpEmail.fromName !== undefined && { fromName: props.signUpEmail.fromName }),
            ...(props.signUpEmail.replyTo !== undefined && { replyTo: props.signUpEmail.replyTo }),
            ...(props.signUpEmail.verifiedDomain !== undefined && { sesVerifiedDomain: props.signUpEmail.verifiedDomain }),
            // The stack is region-agnostic: the identity is in the deploy region unless declared.
            sesRegion: props.signUpEmail.sesRegion ?? Aws.REGION,
          })
        : UserPoolEmail.withCognito(),
      // Essentials: managed login and access-token customization (the trigger below), free for
      // the first 10,000 monthly active users. Threat protection needs Plus, billed per MAU from
      // the first user, so it is a stage opt-in (decision 055).
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection && { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }),
      removalPolicy: props.removalPolicy,
      deletionProtection: props.protectData,
    });
    if (!props.requireMfa) {
      Validations.of(this.pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is off on this stage (stage setting requireMfa, false by default on throwaway stages): users sign in with email and password only. Protected stages require an authenticator app (TOTP), which managed login sets up at the second sign-in.',
      });
    }
    if (!props.threatProtection) {
      Validations.of(this.pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (adaptive authentication, compromised-credential checks) needs the Plus feature plan, billed per monthly active user from the first one; Essentials is free for the first 10,000 MAU and has what this app uses (managed login, access-token customization). Turn it on per stage with threatProtection: true in cdk/stages.ts.',
      });
    }

    this.preTokenGeneration = new PreTokenGeneration(this, 'PreTokenGeneration', { removalPolicy: props.removalPolicy });
    this.pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenGeneration.function, LambdaVersion.V2_0);

    const read = new ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read your todos' });
    const write = new ResourceServerScope({ scopeName: 'write', scopeDescription: 'Create, change and delete your todos' });
    this.resourceServer = this.pool.addResourceServer('Api', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'Todos API',
      scopes: [read, write],
    });
    const apiScopes = [OAuthScope.resourceServer(this.resourceServer, read), OAuthScope.resourceServer(this.resourceServer, write)];
    const userScopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, ...apiScopes];

    this.domain = this.pool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: domainPrefixFor(props.stage) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    const userTokens = {
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: USER_REFRESH_TOKEN_VALIDITY,
      // A stolen refresh token is good for one renewal only: the next one by either party retires it.
      refreshTokenRotationGracePeriod: REFRESH_TOKEN_ROTATION_GRACE,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // Sign-in only through managed login (OAuth); no direct password/SRP API calls.
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
    };

    // Public SPA client: authorization code + PKCE, no secret. Its redirect URLs contain the
    // CloudFront domain, which only exists after the distribution; the distribution depends on the
    // API function, whose environment needs this client's ID. The template therefore holds an inert
    // placeholder (the managed-login domain itself) and WebClientUrls sets the real list once the
    // distribution exists (see setSiteUrl and decision 017).
    const placeholder = `${this.domain.baseUrl()}/`;
    this.webClient = this.pool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: userScopes,
        callbackUrls: [placeholder],
        logoutUrls: [placeholder],
      },
      ...userTokens,
    });

    // Public client for the example CLI's browser sign-in with a loopback redirect (RFC 8252).
    this.cliClient = this.pool.addClient('CliClient', {
      userPoolClientName: 'cli',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: userScopes,
        callbackUrls: [CLI_CALLBACK_URL],
      },
      ...userTokens,
    });

    // Confidential client for other services: client credentials only, API scopes only.
    this.serviceClient = this.pool.addClient('ServiceClient', {
      userPoolClientName: 'service',
      generateSecret: true,
      oAuth: {
        flows: { authorizationCodeGrant: false, implicitCodeGrant: false, clientCredentials: true },
        scopes: apiScopes,
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      authFlows: userTokens.authFlows,
    });

    // Managed login (v2) shows a page only for clients that have a branding style; use Cognito's defaults.
    for (const [name, client] of [
      ['WebBranding', this.webClient],
      ['CliBranding', this.cliClient],
    ] as const) {
      const branding = new CfnManagedLoginBranding(this, name, {
        userPoolId: this.pool.userPoolId,
        clientId: client.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      branding.node.addDependency(this.domain);
    }
  }

  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` of every token. */
  public get issuer(): string {
    return this.pool.userPoolProviderUrl;
  }

  public get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  public get managedLoginUrl(): string {
    return this.domain.baseUrl();
  }

  public get tokenEndpoint(): string {
    return `${this.managedLoginUrl}/oauth2/token`;
  }

  /** Clients whose access tokens the API accepts (AUTH_CLIENT_IDS). */
  public get clientIds(): string[] {
    return [this.webClient.userPoolClientId, this.cliClient.userPoolClientId, this.serviceClient.userPoolClientId];
  }

  /**
   * What the browser's sign-in client fetches from, as CSP connect-src sources: this pool's issuer
   * path (discovery and keys, `https://cognito-idp.<region>.amazonaws.com/<pool id>/`, a path
   * source, so no other pool in the region matches) and this pool's managed-login domain (tokens,
   * revocation). The distribution then depends on the pool, which depends on nothing of the site.
   */
  public get browserOrigins(): string[] {
    return [`${this.issuer}/`, this.managedLoginUrl];
  }

  /**
   * Cognito's OAuth 2.0 endpoints on this pool's managed-login domain, as the pool's discovery
   * document (`<issuer>/.well-known/openid-configuration`) lists them. config.json hands them to
   * the browser so that it signs in without fetching that document first (decision 102). Cognito
   * lists no end_session_endpoint: its logout is `logoutEndpoint`.
   */
  public get endpoints(): ProviderEndpoints {
    return {
      authorization: `${this.managedLoginUrl}/oauth2/authorize`,
      token: this.tokenEndpoint,
      revocation: `${this.managedLoginUrl}/oauth2/revoke`,
    };
  }

  /** config.json for the web UI. Cognito's discovery document has no end_session_endpoint, hence logoutEndpoint. */
  public siteConfig(): SiteAuthConfig {
    return {
      auth: {
        authority: this.issuer,
        clientId: this.webClient.userPoolClientId,
        cliClientId: this.cliClient.userPoolClientId,
        scope: USER_SCOPES.join(' '),
        logoutEndpoint: `${this.managedLoginUrl}/logout`,
        endpoints: this.endpoints,
      },
    };
  }

  /** Sets the web client's redirect and sign-out URLs once the site URL (e.g. the CloudFront domain) is known. */
  public setSiteUrl(siteUrl: string): WebClientUrls {
    const site = `${siteUrl}/`;
    const urls = [site, ...(this.props.protectData ? [] : LOCAL_WEB_URLS)];
    return new WebClientUrls(this, 'WebClientUrls', {
      userPool: this.pool,
      client: this.webClient,
      callbackUrls: urls,
      logoutUrls: urls,
      removalPolicy: this.props.removalPolicy,
    });
  }
}
