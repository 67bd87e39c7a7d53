import { AssetHashType, DockerImage, Duration, Fn, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  FunctionUrlAuthType,
  InvokeMode,
  Runtime,
  Tracing,
  type FunctionUrl,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { bundleLambdaSync, ENTRY_FILE } from '../../server/lambda/bundle';
import { CHANGE_INDEX, LIST_INDEX } from '../../server/dynamodb/todos-table-keys';
import { DYNAMODB_OPERATIONS, FUNCTION_ENV } from '../../server/deployment-contract';
import { functionLogging } from './function-logging';

/**
 * Exactly the operations the function's DynamoDB client may send (DYNAMODB_OPERATIONS in the
 * deployment contract; the client refuses any other before sending it). TransactWriteItems has no
 * IAM action of its own: it is authorised through the per-item actions of the Put/Update entries
 * it contains (Put, Update and Delete entries; never a ConditionCheck). No GetItem (one-key
 * BatchGetItem reads instead), no Scan, no table-level actions; on the two indexes (the change
 * feed's and the list's, decision 060), Query only.
 */
export const TABLE_ACTIONS: readonly string[] = DYNAMODB_OPERATIONS.filter((operation) => operation !== 'TransactWriteItems').map(
  (operation) => `dynamodb:${operation}`,
);

/** Who may call the API: the server verifies bearer tokens against these (server/auth/auth-config.ts). */
export interface ApiAuthSettings {
  /** Expected `iss`: https://cognito-idp.<region>.amazonaws.com/<pool id> */
  readonly issuer: string;
  /** Where the issuer publishes its signing keys (fetched over HTTPS at runtime; no IAM involved). */
  readonly jwksUri: string;
  /** App clients whose access tokens are accepted (`client_id` claim). */
  readonly clientIds: readonly string[];
}

export interface ApiFunctionProps {
  readonly table: ITableV2;
  /** TypeScript entry exporting `handler`. */
  readonly entry: string;
  /** Applied to the log group: production logs outlive a stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  readonly auth: ApiAuthSettings;
  /** X-Ray active tracing (stage setting `tracing`). */
  readonly tracing?: boolean;
  /** Reserved concurrency (stage setting `apiReservedConcurrency`); false: none, the account's shared pool. */
  readonly reservedConcurrency: number | false;
  /** The stage name: APP_STAGE, the `stage` dimension of the function's metrics. */
  readonly stage: string;
  /** Most todos per user (stage setting `todoLimitPerUser`). */
  readonly todoLimitPerUser: number;
}

/** The function's timeout; the duration alarm is derived from it. */
export const API_TIMEOUT = Duration.seconds(10);

export class ApiFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly functionUrl: FunctionUrl;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    const { logGroup, role } = functionLogging(this, {
      description: 'Todos API Lambda: its own log group and item-level access to the todos table',
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'TodosTableItemAccess',
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS],
        resources: [props.table.tableArn],
      }),
    );
    // The change feed and the list read their indexes with Query and nothing else; no other index exists.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'TodosIndexQuery',
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${CHANGE_INDEX}`, `${props.table.tableArn}/index/${LIST_INDEX}`],
      }),
    );

    this.function = new LambdaFunction(this, 'Function', {
      description: 'Todos tRPC API',
      // Bundled locally by the project's own esbuild settings (server/lambda/bundle.ts), the same
      // ones `npm run build:lambda` and the benchmarks use, so what is measured is what is
      // deployed. NodejsFunction cannot do this: its esbuild call writes one file, and code
      // splitting (which keeps the never-used SDK credential providers out of the cold start)
      // needs an output folder. No Docker: the image below is only a required fallback that
      // local bundling never reaches (tryBundle returns true or throws).
      code: Code.fromAsset(path.dirname(props.entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
          local: {
            tryBundle(outputDir) {
              bundleLambdaSync(outputDir, { entry: props.entry });
              return true;
            },
          },
        },
      }),
      handler: `${path.basename(ENTRY_FILE, '.mjs')}.handler`,
      // The newest Node.js LTS Lambda offers (the server tests also run on 24 in CI). The bundle's
      // esbuild target stays node22 (server/lambda/bundle.ts): syntax for 22 runs unchanged on 24.
      runtime: Runtime.NODEJS_24_X,
      // Graviton: about 20% cheaper per GB-second than x86 and at least as fast for Node.
      architecture: Architecture.ARM_64,
      // Lambda allocates CPU in proportion to memory; 512 MB keeps JSON/zod work and cold start
      // quick while staying cheap for a request/response API.
      memorySize: 512,
      // DynamoDB calls take milliseconds; 10 s leaves room for SDK retries without letting a hung
      // request hold a concurrent execution (and the browser) for the 30 s CloudFront default.
      timeout: API_TIMEOUT,
      // Bounded blast radius: no more than this many requests at once, whatever the traffic; the
      // rest are throttled (429) and the throttle alarm fires (decision 032).
      ...(props.reservedConcurrency === false ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role,
      logGroup: this.logGroup,
      ...(props.tracing ? { tracing: Tracing.ACTIVE } : {}),
      environment: {
        [FUNCTION_ENV.tableName]: props.table.tableName,
        [FUNCTION_ENV.authIssuer]: props.auth.issuer,
        [FUNCTION_ENV.authJwksUri]: props.auth.jwksUri,
        [FUNCTION_ENV.authClientIds]: Fn.join(',', [...props.auth.clientIds]),
        [FUNCTION_ENV.todoLimitPerUser]: String(props.todoLimitPerUser),
        [FUNCTION_ENV.stage]: props.stage,
        // No AUTH_AUDIENCE: Cognito access tokens carry `client_id`, not `aud`.
        // NODE_OPTIONS=--enable-source-maps is deliberately absent: there are no source maps in the
        // bundle, and enabling them slows every stack trace and cold start.
      },
    });

    if (props.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Added by Lambda active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so X-Ray requires Resource "*" for them; they only write trace data.',
      });
    }

    // AWS_IAM: only signed requests get in. CloudFront signs them through Origin Access Control
    // (see site.ts), so the URL itself is not a public entry point. Note for POST through OAC: the
    // viewer must send `x-amz-content-sha256` with the hex SHA-256 of the body, because CloudFront
    // does not hash request bodies when it signs; the web client adds that header.
    this.functionUrl = this.function.addFunctionUrl({
      authType: FunctionUrlAuthType.AWS_IAM,
      invokeMode: InvokeMode.BUFFERED,
    });
  }
}
