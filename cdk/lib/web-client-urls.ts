import type { RemovalPolicy } from 'aws-cdk-lib';
import type { CfnUserPoolClient, IUserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, Logging, PhysicalResourceId, type AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { functionLogging } from './function-logging';

export interface WebClientUrlsProps {
  readonly userPool: IUserPool;
  readonly client: UserPoolClient;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/**
 * The UpdateUserPoolClient request that gives `client` the same settings as its template, with the
 * given redirect URLs. UpdateUserPoolClient resets every setting it is not given, so all of them
 * are passed; the names are the CloudFormation property names, which are also the API's, and
 * web-client-urls.test.ts checks that nothing is left out.
 */
export function updateUserPoolClientParameters(
  client: UserPoolClient,
  userPoolId: string,
  urls: { readonly callbackUrls: readonly string[]; readonly logoutUrls: readonly string[] },
): Record<string, unknown> {
  const cfn = client.node.defaultChild as CfnUserPoolClient;
  const units = cfn.tokenValidityUnits as CfnUserPoolClient.TokenValidityUnitsProperty | undefined;
  const rotation = cfn.refreshTokenRotation as CfnUserPoolClient.RefreshTokenRotationProperty | undefined;
  return defined({
    UserPoolId: userPoolId,
    ClientId: client.userPoolClientId,
    ClientName: cfn.clientName,
    AccessTokenValidity: cfn.accessTokenValidity,
    IdTokenValidity: cfn.idTokenValidity,
    RefreshTokenValidity: cfn.refreshTokenValidity,
    TokenValidityUnits: units && defined({ AccessToken: units.accessToken, IdToken: units.idToken, RefreshToken: units.refreshToken }),
    RefreshTokenRotation: rotation && defined({ Feature: rotation.feature, RetryGracePeriodSeconds: rotation.retryGracePeriodSeconds }),
    AuthSessionValidity: cfn.authSessionValidity,
    ExplicitAuthFlows: cfn.explicitAuthFlows,
    SupportedIdentityProviders: cfn.supportedIdentityProviders,
    AllowedOAuthFlowsUserPoolClient: cfn.allowedOAuthFlowsUserPoolClient,
    AllowedOAuthFlows: cfn.allowedOAuthFlows,
    AllowedOAuthScopes: cfn.allowedOAuthScopes,
    CallbackURLs: [...urls.callbackUrls],
    LogoutURLs: [...urls.logoutUrls],
    DefaultRedirectURI: cfn.defaultRedirectUri,
    PreventUserExistenceErrors: cfn.preventUserExistenceErrors,
    EnableTokenRevocation: cfn.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: cfn.enablePropagateAdditionalUserContextData,
    ReadAttributes: cfn.readAttributes,
    WriteAttributes: cfn.writeAttributes,
    AnalyticsConfiguration: cfn.analyticsConfiguration,
  });
}

/**
 * Sets the web client's redirect (callback) and sign-out URLs after the CloudFront distribution
 * exists, with one UpdateUserPoolClient call on create and on every update (decision 017).
 *
 * Why: the URLs contain the distribution's domain, the distribution's API origin is the Lambda
 * Function URL, and the Lambda's environment (AUTH_CLIENT_IDS) contains this client's ID. Putting
 * the URLs on the client itself would close that loop into a dependency cycle.
 *
 * The call carries every client setting, so any change to the client in the template also changes
 * this resource, and CloudFormation runs it again right after updating the client (which would
 * otherwise reset the URLs to the template's placeholder). Nothing happens on delete: the client
 * goes with the stack.
 */
export class WebClientUrls extends Construct {
  public readonly call: AwsSdkCall;
  public readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: WebClientUrlsProps) {
    super(scope, id);

    this.call = {
      service: 'CognitoIdentityServiceProvider',
      action: 'updateUserPoolClient',
      parameters: updateUserPoolClientParameters(props.client, props.userPool.userPoolId, props),
      physicalResourceId: PhysicalResourceId.of(props.client.userPoolClientId),
      // Keep the response (the client's whole description) out of the custom resource's data and logs.
      outputPaths: ['UserPoolClient.ClientId'],
      logging: Logging.withDataHidden(),
    };

    // Its log group and UpdateUserPoolClient on this pool, nothing else.
    const { logGroup, role } = functionLogging(this, {
      description: 'Sets the todos web client redirect URLs after the CloudFront distribution exists',
      removalPolicy: props.removalPolicy,
    });

    this.resource = new AwsCustomResource(this, 'Update', {
      resourceType: 'Custom::CognitoWebClientUrls',
      onCreate: this.call,
      onUpdate: this.call,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['cognito-idp:UpdateUserPoolClient'],
          resources: [props.userPool.userPoolArn],
        }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    this.resource.node.addDependency(props.client);
  }
}
