import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiFunction } from './api-function';
import { DEFAULT_API_ENTRY, DEFAULT_CLIENT_DIST } from './paths';
import { Site } from './site';
import type { StageConfig } from './stage-config';
import { TodosTable } from './todos-table';

export interface TodosStackProps extends StackProps {
  readonly config: StageConfig;
  /** Defaults to server/lambda/handler.ts; tests pass a stub so they do not depend on the server code. */
  readonly apiEntry?: string;
  /** Defaults to client/dist. */
  readonly clientDist?: string;
}

/**
 * Environment-agnostic on purpose (no `env`, no lookups): `cdk synth` works offline without
 * credentials, and the same template deploys to whatever account/region the CLI is pointed at.
 */
export class TodosStack extends Stack {
  public readonly table: TodosTable;
  public readonly api: ApiFunction;
  public readonly site: Site;

  constructor(scope: Construct, id: string, props: TodosStackProps) {
    super(scope, id, props);
    const { config } = props;

    Tags.of(this).add('app', 'todos');
    Tags.of(this).add('stage', config.stage);

    this.table = new TodosTable(this, 'Todos', {
      removalPolicy: config.removalPolicy,
      isProduction: config.isProduction,
    });

    this.api = new ApiFunction(this, 'Api', {
      table: this.table.table,
      entry: props.apiEntry ?? DEFAULT_API_ENTRY,
      removalPolicy: config.removalPolicy,
    });

    this.site = new Site(this, 'Site', {
      apiFunctionUrl: this.api.functionUrl,
      clientDist: props.clientDist ?? DEFAULT_CLIENT_DIST,
      removalPolicy: config.removalPolicy,
      ...(config.customDomain ? { customDomain: config.customDomain } : {}),
    });

    const siteUrl = `https://${config.customDomain?.domainName ?? this.site.distribution.distributionDomainName}`;
    new CfnOutput(this, 'SiteUrl', { value: siteUrl, description: 'Web app' });
    new CfnOutput(this, 'ApiUrl', { value: `${siteUrl}/trpc`, description: 'tRPC endpoint (through CloudFront)' });
    new CfnOutput(this, 'FunctionUrl', {
      value: this.api.functionUrl.url,
      description: 'Direct Lambda Function URL: IAM auth only, so anonymous calls get 403; use ApiUrl',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'DynamoDB table' });
    if (config.customDomain) {
      new CfnOutput(this, 'DistributionDomainName', {
        value: this.site.distribution.distributionDomainName,
        description: `Point ${config.customDomain.domainName} here (CNAME or Route 53 alias)`,
      });
    }
  }
}
