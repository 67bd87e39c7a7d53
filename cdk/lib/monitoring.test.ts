import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, resourceById, synthTodos } from '../test-support/synth';
import { TABLE_ACTIONS } from './api-function';
import { TABLE_OPERATIONS } from './monitoring';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const dev = synthTodos().template;
const prod = synthTodos({ context: { stage: 'prod' } }).template;
const withEmail = synthTodos({ context: { alarmEmail: 'ops@example.com' } }).template;

const topicRef = (template: Template) => ({ Ref: onlyLogicalId(template, 'AWS::SNS::Topic') });
const apiFunctionId = (template: Template): string => {
  const [id] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Description: 'Todos tRPC API' } }));
  if (id === undefined) throw new Error('no API function');
  return id;
};
const alarmNamed = (template: Template, name: string): Record<string, unknown> => {
  const found = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } })) as Resources[string][];
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected one alarm ${name}, found ${found.length}`);
  return found[0].Properties;
};

/** The dashboard body with every token replaced by "TOKEN", parsed. */
function dashboardBody(template: Template): { widgets: { type: string; properties: Record<string, unknown> }[] } {
  const dashboard = resourceById(template, onlyLogicalId(template, 'AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  };
  const parts = dashboard.Properties.DashboardBody['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('')) as ReturnType<typeof dashboardBody>;
}

describe('the alarms read what the function publishes', () => {
  // Names come from server/deployment-contract.ts, which the server's telemetry imports too.
  it('the DynamoDB operations summed for throttles and system errors are the ones the function may call', () => {
    const fromIam = TABLE_ACTIONS.map((action) => action.replace('dynamodb:', ''));
    expect([...TABLE_OPERATIONS].sort()).toEqual([...fromIam, 'TransactWriteItems'].sort());
  });
});

describe('alarm topic', () => {
  it('is encrypted with its own rotating KMS key that CloudWatch may use, and deleted with the stack', () => {
    for (const template of [dev, prod]) {
      const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      expect(resourceById(template, keyId)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { EnableKeyRotation: true, PendingWindowInDays: 7 } });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          ]),
        },
      });
    }
  });

  it('accepts publishing over TLS only, and from this account\'s CloudWatch alarms', () => {
    dev.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef(dev)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('has no subscription on a throwaway stage unless alarmEmail is set', () => {
    dev.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('always has one on a protected stage: synth without an alarm address fails, naming the setting', () => {
    prod.resourceCountIs('AWS::SNS::Subscription', 1);
    prod.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@example.com', TopicArn: topicRef(prod) });
    expect(() => synthTodos({ context: { stage: 'prod', signUpEmailFrom: 'no-reply@example.com' }, withoutProtectedStageContext: true })).toThrow(
      /Stage "prod" is protected but has no alarmEmail/,
    );
  });

  it('emails alarmEmail (-c alarmEmail or the stage setting)', () => {
    withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topicRef(withEmail) });
    const declared = synthTodos({ context: { stage: 'ops' }, stages: { ops: { alarmEmail: 'team@example.com' } } }).template;
    declared.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'team@example.com' });
  });

  it('is a stack output', () => {
    dev.hasOutput('AlarmTopicArn', { Value: topicRef(dev) });
  });
});

describe('alarms', () => {
  const common = (template: Template) => ({
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    TreatMissingData: 'notBreaching',
    AlarmActions: [topicRef(template)],
    OKActions: [topicRef(template)],
  });

  it('are exactly these six, all notifying the topic', () => {
    const names = Object.values(dev.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as Resources[string]).Properties.AlarmName);
    expect(names.sort()).toEqual(
      ['ApiServerErrorRate', 'ApiFunctionErrors', 'ApiFunctionThrottles', 'ApiFunctionDurationP99', 'TableThrottledRequests', 'TableSystemErrors'].map((n) => `TodosApp-dev-${n}`).sort(),
    );
    for (const alarm of Object.values(dev.findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as Resources[string]).Properties).toMatchObject(common(dev));
    }
  });

  it('5xx rate: EMF ServerErrors / Requests over 5 minutes, above 5 % with at least 10 requests', () => {
    // The stage dimension keeps two stages in one account apart: dev's alarm never sees prod's errors.
    const metric = (name: string) => ({
      Metric: { Namespace: 'TodosApp', MetricName: name, Dimensions: [{ Name: 'service', Value: 'todos-api' }, { Name: 'stage', Value: 'dev' }] },
      Period: 300,
      Stat: 'Sum',
    });
    expect(alarmNamed(dev, 'TodosApp-dev-ApiServerErrorRate')).toMatchObject({
      ...common(dev),
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      Metrics: [
        { Expression: 'IF(requests >= 10, 100 * serverErrors / requests, 0)', ReturnData: true },
        { Id: 'requests', MetricStat: metric('Requests'), ReturnData: false },
        { Id: 'serverErrors', MetricStat: metric('ServerErrors'), ReturnData: false },
      ],
    });
  });

  it.each([
    ['ApiFunctionErrors', 'Errors'],
    ['ApiFunctionThrottles', 'Throttles'],
  ])('%s: any AWS/Lambda %s of the API function in 5 minutes', (name, metricName) => {
    expect(alarmNamed(dev, `TodosApp-dev-${name}`)).toMatchObject({
      ...common(dev),
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: apiFunctionId(dev) } }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('duration: p99 above 80 % of the 10 s timeout', () => {
    expect(alarmNamed(dev, 'TodosApp-dev-ApiFunctionDurationP99')).toMatchObject({
      ...common(dev),
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: apiFunctionId(dev) } }],
      ExtendedStatistic: 'p99',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 8000,
    });
  });

  it.each([
    ['TableThrottledRequests', 'ThrottledRequests', 'throttled'],
    ['TableSystemErrors', 'SystemErrors', 'systemErrors'],
  ])('%s: AWS/DynamoDB %s of the table, summed over every operation the API uses (missing = 0)', (name, metricName, prefix) => {
    const tableRef = { Ref: onlyLogicalId(dev, 'AWS::DynamoDB::GlobalTable') };
    const properties = alarmNamed(dev, `TodosApp-dev-${name}`);
    expect(properties).toMatchObject({ ...common(dev), ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1 });
    const metrics = properties.Metrics as { Id: string; Expression?: string; MetricStat?: unknown; ReturnData: boolean }[];
    expect(metrics[0]).toMatchObject({ Expression: TABLE_OPERATIONS.map((op) => `FILL(${prefix}${op}, 0)`).join(' + '), ReturnData: true });
    expect(metrics.slice(1)).toEqual(
      TABLE_OPERATIONS.map((op) => ({
        Id: `${prefix}${op}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/DynamoDB', MetricName: metricName, Dimensions: [{ Name: 'Operation', Value: op }, { Name: 'TableName', Value: tableRef }] },
          Period: 300,
          Stat: 'Sum',
        },
        ReturnData: false,
      })),
    );
  });

  it('are named after the stage', () => {
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'TodosApp-prod-ApiServerErrorRate' });
  });
});

describe('dashboard', () => {
  it('is named after the stack and the region (dashboard names are account-wide) and is an output', () => {
    const id = onlyLogicalId(dev, 'AWS::CloudWatch::Dashboard');
    dev.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: { 'Fn::Join': ['-', ['TodosApp-dev', { Ref: 'AWS::Region' }]] } });
    dev.hasOutput('DashboardUrl', { Value: { 'Fn::Join': ['', Match.arrayWith([{ Ref: id }])] } });
  });

  it('shows alarms, requests, errors by code, latency p50/p99, Lambda errors/throttles/duration/concurrency, DynamoDB capacity and throttles', () => {
    const body = dashboardBody(dev);
    const titles = body.widgets.map((w) => w.properties.title).filter((t) => t !== undefined);
    expect(titles).toEqual([
      'Alarms',
      'API requests and errors',
      'API errors by code',
      'API latency (ms)',
      'Lambda errors and throttles',
      'Lambda duration (ms)',
      'Lambda concurrency',
      'DynamoDB consumed capacity (units/s)',
      'DynamoDB throttles and system errors',
    ]);
    const widget = (title: string) => JSON.stringify(body.widgets.find((w) => w.properties.title === title));
    expect(widget('Alarms').match(/TOKEN/g)).toHaveLength(6);
    expect(widget('API requests and errors')).toMatch(/"TodosApp","Requests".*"ClientErrors".*"ServerErrors"/);
    expect(widget('API errors by code')).toContain('SEARCH(');
    expect(widget('API errors by code')).toContain('MetricName=\\"Errors\\"');
    expect(widget('API latency (ms)')).toMatch(/"Latency".*"stat":"p50".*"Latency".*"stat":"p99"/);
    expect(widget('Lambda errors and throttles')).toMatch(/"AWS\/Lambda","Errors".*"AWS\/Lambda","Throttles"/);
    expect(widget('Lambda duration (ms)')).toMatch(/"Duration".*"p50".*"Duration".*"p99"/);
    expect(widget('Lambda concurrency')).toMatch(/"ConcurrentExecutions"/);
    // dev reserves nothing, so there is no limit line.
    expect(widget('Lambda concurrency')).not.toContain('reserved concurrency');
    expect(widget('DynamoDB consumed capacity (units/s)')).toMatch(/ConsumedReadCapacityUnits.*ConsumedWriteCapacityUnits.*DynamoDbConsumedCapacity/);
    expect(widget('DynamoDB consumed capacity (units/s)')).toMatch(/"value":200,"label":"max read".*"value":100,"label":"max write"/);
    expect(widget('DynamoDB throttles and system errors')).toMatch(/ThrottledRequests.*SystemErrors.*DynamoDbThrottles/);
    expect(JSON.stringify(body)).not.toContain('WAFV2');
  });

  it('draws the prod limits, a reservation line when a stage opts in, and a WAF widget when the stage has a web ACL', () => {
    const body = JSON.stringify(dashboardBody(prod));
    expect(body).toContain('"value":4000,"label":"max read"');
    const reserved = JSON.stringify(dashboardBody(synthTodos({ context: { stage: 'big' }, stages: { big: { apiReservedConcurrency: 100 } } }).template));
    expect(reserved).toContain('"value":100,"label":"reserved concurrency"');
    const waf = JSON.stringify(dashboardBody(synthTodos({ context: { stage: 'edge' }, stages: { edge: { webAcl: true } } }).template));
    expect(waf).toMatch(/"AWS\/WAFV2","BlockedRequests","Rule","ALL","WebACL","TodosApp-edge-site",\{"label":"Blocked","region":"us-east-1"/);
  });
});
