import { Aws, CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { API_TIMEOUT, ApiFunction } from './api-function';
import { Monitoring } from './monitoring';
import { DEFAULT_API_ENTRY } from './paths';
import { Site } from './site';
import type { StageConfig } from './stage-config';
import { TodosTable } from './todos-table';
import { TodosUserPool } from './user-pool';

export interface TodosStackProps extends StackProps {
  readonly config: StageConfig;
  /** Defaults to server/lambda/handler.ts; tests pass a stub so they do not depend on the server code. */
  readonly apiEntry?: string;
  /** The built web UI (must contain index.html); create-app.ts builds it unless one is given. */
  readonly clientDist: string;
}

/**
 * Environment-agnostic on purpose (no `env`, no lookups): `cdk synth` works offline without
 * credentials, and the same template deploys to whatever account/region the CLI is pointed at.
 */
export class TodosStack extends Stack {
  public readonly table: TodosTable;
  public readonly api: ApiFunction;
  public readonly site: Site;
  public readonly auth: TodosUserPool;
  public readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: TodosStackProps) {
    super(scope, id, props);
    const { config } = props;

    Tags.of(this).add('app', 'todos');
    Tags.of(this).add('stage', config.stage);

    this.table = new TodosTable(this, 'Todos', {
      removalPolicy: config.removalPolicy,
      protectData: config.protectData,
      maxReadRequestUnits: config.tableMaxReadRequestUnits,
      maxWriteRequestUnits: config.tableMaxWriteRequestUnits,
    });

    // Depends on nothing else here; the distribution must not depend on it (see setSiteUrl).
    this.auth = new TodosUserPool(this, 'Auth', {
      stage: config.stage,
      protectData: config.protectData,
      removalPolicy: config.removalPolicy,
      requireMfa: config.requireMfa,
      threatProtection: config.threatProtection,
      ...(config.signUpEmail ? { signUpEmail: config.signUpEmail } : {}),
    });

    this.api = new ApiFunction(this, 'Api', {
      table: this.table.table,
      entry: props.apiEntry ?? DEFAULT_API_ENTRY,
      removalPolicy: config.removalPolicy,
      tracing: config.tracing,
      reservedConcurrency: config.apiReservedConcurrency,
      todoLimitPerUser: config.todoLimitPerUser,
      stage: config.stage,
      auth: { issuer: this.auth.issuer, jwksUri: this.auth.jwksUri, clientIds: this.auth.clientIds },
    });

    this.site = new Site(this, 'Site', {
      apiFunctionUrl: this.api.functionUrl,
      clientDist: props.clientDist,
      removalPolicy: config.removalPolicy,
      protectData: config.protectData,
      accessLogs: config.accessLogs,
      siteConfig: this.auth.siteConfig(),
      signInOrigins: this.auth.browserOrigins,
      ...(config.customDomain ? { customDomain: config.customDomain } : {}),
      ...(config.webAcl ? { webAcl: { rateLimit: config.webAclRateLimit } } : {}),
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      apiFunction: this.api.function,
      apiTimeout: API_TIMEOUT,
      reservedConcurrency: config.apiReservedConcurrency,
      table: this.table.table,
      tableMaxReadRequestUnits: config.tableMaxReadRequestUnits,
      tableMaxWriteRequestUnits: config.tableMaxWriteRequestUnits,
      ...(config.alarmEmail !== undefined ? { alarmEmail: config.alarmEmail } : {}),
      ...(this.site.webAcl?.webAcl.name !== undefined ? { webAclMetricName: this.site.webAcl.webAcl.name } : {}),
    });

    const siteUrl = `https://${config.customDomain?.domainName ?? this.site.distribution.distributionDomainName}`;
    this.auth.setSiteUrl(siteUrl);
    new CfnOutput(this, 'SiteUrl', { value: siteUrl, description: 'Web app' });
    new CfnOutput(this, 'ApiUrl', { value: `${siteUrl}/trpc`, description: 'tRPC endpoint (through CloudFront)' });
    new CfnOutput(this, 'FunctionUrl', {
      value: this.api.functionUrl.url,
      description: 'Direct Lambda Function URL: IAM auth only, so anonymous calls get 403; use ApiUrl',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.pool.userPoolId, description: 'Cognito user pool' });
    new CfnOutput(this, 'WebClientId', { value: this.auth.webClient.userPoolClientId, description: 'App client of the web UI (also in /config.json)' });
    new CfnOutput(this, 'CliClientId', { value: this.auth.cliClient.userPoolClientId, description: 'App client of the example CLI (browser sign-in, loopback redirect)' });
    new CfnOutput(this, 'ServiceClientId', {
      value: this.auth.serviceClient.userPoolClientId,
      description: 'Confidential app client for services (client credentials); read its secret with aws cognito-idp describe-user-pool-client',
    });
    new CfnOutput(this, 'Issuer', { value: this.auth.issuer, description: 'Token issuer (iss); JWKS at <Issuer>/.well-known/jwks.json' });
    new CfnOutput(this, 'ManagedLoginUrl', { value: this.auth.managedLoginUrl, description: 'Cognito managed login (sign-in, sign-up) domain' });
    new CfnOutput(this, 'TokenEndpoint', { value: this.auth.tokenEndpoint, description: 'OAuth 2.0 token endpoint (client credentials for services)' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'SNS topic of the alarms: subscribe more endpoints here (email subscriptions must be confirmed)',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.monitoring.dashboard.dashboardName}`,
      description: 'CloudWatch dashboard: requests, errors, latency, Lambda and DynamoDB',
    });
    if (config.customDomain) {
      new CfnOutput(this, 'DistributionDomainName', {
        value: this.site.distribution.distributionDomainName,
        description: `Point ${config.customDomain.domainName} here (CNAME or Route 53 alias)`,
      });
    }
  }
}
