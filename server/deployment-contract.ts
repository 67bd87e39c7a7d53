/**
 * The contract between the API function and the CDK app that deploys it: every name one side
 * sets and the other reads. Both import this module (the server through its config, auth and
 * telemetry code; cdk/lib through the function, site and monitoring constructs), so a rename
 * changes both at once and no test has to compare their source text.
 *
 * Plain constants only: no imports, nothing that runs, so the Lambda bundle and the CDK app can
 * both load it without pulling in the other's dependencies.
 */

/** Environment variables the stack gives the API function (api-function.ts) and the server reads. */
export const FUNCTION_ENV = {
  /** The DynamoDB table (server/config.ts). */
  tableName: 'DDB_TODOS_TABLE_NAME',
  /** Expected token issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>` (server/auth/auth-config.ts). */
  authIssuer: 'AUTH_ISSUER',
  /** Where the issuer publishes its signing keys. */
  authJwksUri: 'AUTH_JWKS_URI',
  /** Comma-separated app clients whose access tokens are accepted (`client_id` claim). */
  authClientIds: 'AUTH_CLIENT_IDS',
  /** Most todos one list may keep (server/lambda/dynamodb-todo-store.ts). */
  todoLimitPerUser: 'TODO_LIMIT_PER_USER',
  /** The stage, the `stage` dimension of every API metric (server/observability/telemetry.ts). */
  stage: 'APP_STAGE',
} as const;

/** Where the API lives on the site's origin: CloudFront routes `/trpc/*` to the function, which strips the prefix. */
export const API_MOUNT_PATH = '/trpc';

/**
 * Origin access control signs every request to the Function URL and so replaces the viewer's
 * `Authorization`; the viewer-request function copies it here first, and the server reads it
 * here first (decision 016).
 */
export const VIEWER_AUTHORIZATION_HEADER = 'x-viewer-authorization';

/**
 * What counts as a bearer token, for the server (server/auth/bearer-token.ts) and the edge
 * (server/edge/api-viewer-request.ts): `Bearer` (any case), spaces, an RFC 6750 token68.
 * Tested against the trimmed header value.
 */
export const BEARER_TOKEN_PATTERN = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The DynamoDB operations the function may send: the CDK app grants exactly these IAM actions
 * (TransactWriteItems has none of its own; IAM authorises its Put/Update entries) and alarms on
 * their throttles and system errors; the function's DynamoDB client refuses any other operation
 * before it is sent (server/dynamodb/granted-operations.ts). A todo's delete is an update to a
 * tombstone (decision 042); real deletes are for what lists leave behind: a member's item when
 * they leave or are removed (DeleteItem, inside a transaction), and a deleted list's partition
 * (BatchWriteItem; decision 092). No GetItem: single reads are one-key BatchGetItem calls.
 */
export const DYNAMODB_OPERATIONS = ['Query', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'] as const;
export type DynamoDbOperation = (typeof DYNAMODB_OPERATIONS)[number];

/**
 * The function's CloudWatch embedded-format metrics (server/observability/request-report.ts),
 * which the alarms and dashboard read (cdk/lib/monitoring.ts).
 */
export const API_METRICS = {
  namespace: 'TodosApp',
  /** Powertools adds `service` to every metric; the value is the function's service name. */
  service: 'todos-api',
  /** Dimension names: every metric has `service` and `stage`; `Errors` also has `ErrorCode`. */
  dimensions: { service: 'service', stage: 'stage', errorCode: 'ErrorCode' },
  names: {
    requests: 'Requests',
    latency: 'Latency',
    clientErrors: 'ClientErrors',
    serverErrors: 'ServerErrors',
    dynamoDbConsumedCapacity: 'DynamoDbConsumedCapacity',
    dynamoDbThrottles: 'DynamoDbThrottles',
    /** One per error code of a request, with the `ErrorCode` dimension. */
    errors: 'Errors',
  },
} as const;

/** The dimensions of every API metric of one stage (the alarms' and dashboard's filter). */
export function apiMetricDimensions(stage: string): Record<string, string> {
  return { [API_METRICS.dimensions.service]: API_METRICS.service, [API_METRICS.dimensions.stage]: stage };
}
