import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { API_METRICS, apiMetricDimensions, DYNAMODB_OPERATIONS, type DynamoDbOperation } from '../../server/deployment-contract';

/** Every alarm looks at 5-minute windows and fires on the first bad one. */
export const ALARM_PERIOD = Duration.minutes(5);
/** 5xx answers above this percentage of requests in a window... */
export const SERVER_ERROR_RATE_PERCENT = 5;
/** ...counted only when the window has at least this many requests (two 503s out of three are noise). */
export const SERVER_ERROR_RATE_MIN_REQUESTS = 10;
/** p99 duration alarm: this share of the function timeout. */
export const DURATION_ALARM_SHARE_OF_TIMEOUT = 0.8;

/**
 * The DynamoDB operations the function sends (DYNAMODB_OPERATIONS of the deployment contract).
 * AWS/DynamoDB publishes ThrottledRequests and SystemErrors per table AND operation only, so the
 * alarms sum these.
 */
const OPERATION_DIMENSION: Readonly<Record<DynamoDbOperation, Operation>> = {
  Query: Operation.QUERY,
  BatchGetItem: Operation.BATCH_GET_ITEM,
  PutItem: Operation.PUT_ITEM,
  UpdateItem: Operation.UPDATE_ITEM,
  DeleteItem: Operation.DELETE_ITEM,
  BatchWriteItem: Operation.BATCH_WRITE_ITEM,
  TransactWriteItems: Operation.TRANSACT_WRITE_ITEMS,
};
export const TABLE_OPERATIONS: readonly Operation[] = DYNAMODB_OPERATIONS.map((operation) => OPERATION_DIMENSION[operation]);

export interface MonitoringProps {
  /** The stage: the API metrics' `stage` dimension, so alarms see only this stage's traffic. */
  readonly stage: string;
  readonly apiFunction: LambdaFunction;
  readonly apiTimeout: Duration;
  /** false: no reservation (the concurrency widget then has no limit line). */
  readonly reservedConcurrency: number | false;
  readonly table: ITableV2;
  readonly tableMaxReadRequestUnits: number;
  readonly tableMaxWriteRequestUnits: number;
  /** Email subscription of the alarm topic (stage setting alarmEmail). */
  readonly alarmEmail?: string;
  /** The site's web ACL metric name, when the stage has one (dashboard only). */
  readonly webAclMetricName?: string;
}

/**
 * Alarms on the API, the function and the table, notifying one SNS topic, and one dashboard
 * (decision 033). Every alarm treats missing data as not breaching: no traffic is not an outage, and
 * most of these metrics are only published when something happens.
 */
export class Monitoring extends Construct {
  public readonly topic: Topic;
  public readonly topicKey: Key;
  public readonly alarms: Alarm[] = [];
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    const fn = props.apiFunction;
    const period = ALARM_PERIOD;

    // Encrypted topic. Not the AWS managed aws/sns key: its key policy cannot be changed, and
    // CloudWatch alarms can only publish to an encrypted topic whose key lets cloudwatch.amazonaws.com
    // use it. The key only ever protects in-flight notifications, so it goes with the stack
    // (7-day waiting period) in every stage: nothing at rest depends on it.
    this.topicKey = new Key(this, 'AlarmTopicKey', {
      description: `${stackName}: encrypts the alarm notification topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${stackName} alarms`,
      masterKey: this.topicKey,
      // Deny any publish/subscribe over plain HTTP (cdk-nag SNS3).
      enforceSSL: true,
    });
    // The topic has a policy of its own (enforceSSL), which replaces SNS's default one: allow this
    // account's alarms, and nothing else, to publish (confused-deputy conditions).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const apiMetric = (metricName: string, statistic: string, label: string): Metric =>
      new Metric({ namespace: API_METRICS.namespace, metricName, dimensionsMap: apiMetricDimensions(props.stage), statistic, period, label });
    const names = API_METRICS.names;
    const requests = apiMetric(names.requests, 'Sum', 'Requests');
    const serverErrors = apiMetric(names.serverErrors, 'Sum', '5xx answers');
    const clientErrors = apiMetric(names.clientErrors, 'Sum', '4xx answers');

    // Sums over operations. FILL(…, 0): an operation that had no throttles publishes nothing, and
    // CloudWatch drops a timestamp from `a + b` when either side is missing there.
    const perOperationSum = (metricName: string, idPrefix: string, label: string): MathExpression => {
      const usingMetrics: Record<string, IMetric> = {};
      for (const operation of TABLE_OPERATIONS) {
        usingMetrics[`${idPrefix}${operation}`] = props.table.metric(metricName, {
          dimensionsMap: { TableName: props.table.tableName, Operation: operation },
          statistic: 'Sum',
          period,
        });
      }
      return new MathExpression({
        expression: Object.keys(usingMetrics).map((name) => `FILL(${name}, 0)`).join(' + '),
        usingMetrics,
        label,
        period,
      });
    };
    const tableThrottles = perOperationSum('ThrottledRequests', 'throttled', 'Throttled requests (all operations)');
    const tableSystemErrors = perOperationSum('SystemErrors', 'systemErrors', 'System errors (all operations)');

    const timeoutMs = props.apiTimeout.toMilliseconds();
    const durationThresholdMs = Math.round(timeoutMs * DURATION_ALARM_SHARE_OF_TIMEOUT);

    const alarm = (id: string, description: string, metric: IMetric, threshold: number, comparisonOperator: ComparisonOperator): Alarm => {
      const created = new Alarm(this, id, {
        alarmName: `${stackName}-${id}`,
        alarmDescription: `${stackName}: ${description}`,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      // Also say when it is over.
      created.addOkAction(new SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    alarm(
      'ApiServerErrorRate',
      `more than ${SERVER_ERROR_RATE_PERCENT}% of API requests answered 5xx in 5 minutes (windows with at least ${SERVER_ERROR_RATE_MIN_REQUESTS} requests). Look for "server_error" lines in the API log group.`,
      new MathExpression({
        expression: `IF(requests >= ${SERVER_ERROR_RATE_MIN_REQUESTS}, 100 * serverErrors / requests, 0)`,
        usingMetrics: { requests, serverErrors },
        label: '5xx % of requests',
        period,
      }),
      SERVER_ERROR_RATE_PERCENT,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );
    alarm(
      'ApiFunctionErrors',
      'the API function failed invocations (crash, timeout or out of memory: the handler itself answers errors, so any count is a bug).',
      fn.metricErrors({ period, statistic: 'Sum' }),
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    alarm(
      'ApiFunctionThrottles',
      'the API function was throttled: the account\'s Lambda concurrency (or the stage\'s apiReservedConcurrency, when it opts in) is used up and callers get 429/503.',
      fn.metricThrottles({ period, statistic: 'Sum' }),
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    alarm(
      'ApiFunctionDurationP99',
      `p99 duration of the API function above ${durationThresholdMs} ms, ${DURATION_ALARM_SHARE_OF_TIMEOUT * 100}% of its ${timeoutMs / 1000} s timeout (DynamoDB slow or retrying?).`,
      fn.metricDuration({ period, statistic: 'p99' }),
      durationThresholdMs,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );
    alarm(
      'TableThrottledRequests',
      `DynamoDB throttled requests on the todos table (maximum throughput ${props.tableMaxReadRequestUnits} read / ${props.tableMaxWriteRequestUnits} write units a second reached?).`,
      tableThrottles,
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    alarm(
      'TableSystemErrors',
      'DynamoDB answered with system (HTTP 500) errors on the todos table: a DynamoDB-side problem; the API answers 503.',
      tableSystemErrors,
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );

    // --- Dashboard (fewer than 50 metrics: within the free tier's per-dashboard limit) ---
    const widgetPeriod = Duration.minutes(1);
    const perMinute = (metric: Metric): Metric => metric.with({ period: widgetPeriod });
    const latency = (statistic: string): Metric =>
      apiMetric(names.latency, statistic, `Latency ${statistic}`).with({ period: widgetPeriod });
    const fnMetric = (metric: Metric, label: string): Metric => metric.with({ period: widgetPeriod, label });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboard names are account-wide: include the region, like the CloudFront names (decision 023).
      dashboardName: Fn.join('-', [stackName, Aws.REGION]),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${stackName}\nAPI requests and errors come from the function's EMF metrics (namespace \`${API_METRICS.namespace}\`, service \`${API_METRICS.service}\`, stage \`${props.stage}\`). Alarms notify the SNS topic in the stack outputs (AlarmTopicArn).`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [perMinute(requests), perMinute(clientErrors), perMinute(serverErrors)],
        width: 8,
      }),
      new GraphWidget({
        title: 'API errors by code',
        left: [
          new MathExpression({
            // One line per ErrorCode the function has reported (tRPC codes: UNAUTHORIZED, SERVICE_UNAVAILABLE, ...).
            expression: `SEARCH('{${API_METRICS.namespace},${API_METRICS.dimensions.errorCode},${API_METRICS.dimensions.service},${API_METRICS.dimensions.stage}} MetricName="${names.errors}" ${API_METRICS.dimensions.service}="${API_METRICS.service}" ${API_METRICS.dimensions.stage}="${props.stage}"', 'Sum', 60)`,
            label: '',
            period: widgetPeriod,
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [latency('p50'), latency('p99')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda errors and throttles',
        left: [fnMetric(fn.metricErrors({ statistic: 'Sum' }), 'Errors'), fnMetric(fn.metricThrottles({ statistic: 'Sum' }), 'Throttles')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda duration (ms)',
        left: [fnMetric(fn.metricDuration({ statistic: 'p50' }), 'p50'), fnMetric(fn.metricDuration({ statistic: 'p99' }), 'p99')],
        leftAnnotations: [
          { value: timeoutMs, label: 'timeout' },
          { value: durationThresholdMs, label: 'alarm (p99)' },
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda concurrency',
        left: [fnMetric(fn.metric('ConcurrentExecutions', { statistic: 'Maximum' }), 'Concurrent executions (max)')],
        leftAnnotations: props.reservedConcurrency === false ? [] : [{ value: props.reservedConcurrency, label: 'reserved concurrency' }],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB consumed capacity (units/s)',
        left: [
          new MathExpression({
            expression: 'reads / PERIOD(reads)',
            usingMetrics: { reads: props.table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period: widgetPeriod }) },
            label: 'Read units/s',
            period: widgetPeriod,
          }),
          new MathExpression({
            expression: 'writes / PERIOD(writes)',
            usingMetrics: { writes: props.table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period: widgetPeriod }) },
            label: 'Write units/s',
            period: widgetPeriod,
          }),
        ],
        leftAnnotations: [
          { value: props.tableMaxReadRequestUnits, label: 'max read' },
          { value: props.tableMaxWriteRequestUnits, label: 'max write' },
        ],
        right: [perMinute(apiMetric(names.dynamoDbConsumedCapacity, 'Sum', 'Consumed by API requests (EMF, per minute)'))],
        width: 12,
      }),
      new GraphWidget({
        title: 'DynamoDB throttles and system errors',
        left: [
          tableThrottles.with({ period: widgetPeriod }),
          tableSystemErrors.with({ period: widgetPeriod }),
          perMinute(apiMetric(names.dynamoDbThrottles, 'Sum', 'Requests failed by throttling (EMF)')),
        ],
        width: 12,
      }),
    );
    if (props.webAclMetricName !== undefined) {
      const waf = (metricName: string, rule: string, label: string): Metric =>
        new Metric({
          namespace: 'AWS/WAFV2',
          metricName,
          // CloudFront web ACLs publish their metrics in us-east-1, with Region "Global" omitted.
          dimensionsMap: { WebACL: props.webAclMetricName ?? '', Rule: rule },
          statistic: 'Sum',
          period: widgetPeriod,
          region: 'us-east-1',
          label,
        });
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'WAF (per-IP rate rule)',
          left: [waf('AllowedRequests', 'ALL', 'Allowed'), waf('BlockedRequests', 'ALL', 'Blocked')],
          width: 24,
        }),
      );
    }
  }
}
