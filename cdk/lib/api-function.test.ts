import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, resourceById, synthTodos } from '../test-support/synth';
import { DYNAMODB_OPERATIONS } from '../../server/deployment-contract';
import { TABLE_ACTIONS } from './api-function';

interface PolicyStatementJson {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
}

function statementsOf(template: Template): PolicyStatementJson[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } };
  }[];
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

describe('API function', () => {
  const { template } = synthTodos();
  const prodTemplate = synthTodos({ context: { stage: 'prod' } }).template;
  const tableId = onlyLogicalId(template, 'AWS::DynamoDB::GlobalTable');
  const apiFunction = (() => {
    const found = template.findResources('AWS::Lambda::Function', { Properties: { Description: 'Todos tRPC API' } });
    const [id, ...rest] = Object.keys(found);
    if (id === undefined || rest.length > 0) throw new Error('expected exactly one API function');
    return { id, properties: (found[id] as { Properties: Record<string, unknown> }).Properties };
  })();

  it('runs Node.js 24 on ARM64 with 512 MB and a 10 s timeout', () => {
    expect(apiFunction.properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
    });
  });

  it('gets the table name, the token settings and the todo limit through its environment, and nothing else (no NODE_OPTIONS, no AUTH_AUDIENCE)', () => {
    const poolId = onlyLogicalId(template, 'AWS::Cognito::UserPool');
    const clientId = (name: string): string => {
      const found = Object.keys(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: name } }));
      if (found.length !== 1 || found[0] === undefined) throw new Error(`expected one client named ${name}`);
      return found[0];
    };
    const issuer = { 'Fn::GetAtt': [poolId, 'ProviderURL'] };
    expect(apiFunction.properties.Environment).toEqual({
      Variables: {
        DDB_TODOS_TABLE_NAME: { Ref: tableId },
        AUTH_ISSUER: issuer,
        AUTH_JWKS_URI: { 'Fn::Join': ['', [issuer, '/.well-known/jwks.json']] },
        AUTH_CLIENT_IDS: { 'Fn::Join': [',', [{ Ref: clientId('web') }, { Ref: clientId('cli') }, { Ref: clientId('service') }]] },
        TODO_LIMIT_PER_USER: '100000',
        APP_STAGE: 'dev',
      },
    });
  });

  it('logs to its own log group, kept for 30 days, deleted with dev and retained in prod', () => {
    const logGroupRef = apiFunction.properties.LoggingConfig as { LogGroup: { Ref: string } };
    const logGroupId = logGroupRef.LogGroup.Ref;
    expect(logGroupId).toMatch(/^ApiLogs/);
    expect(resourceById(template, logGroupId)).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
    expect(resourceById(prodTemplate, logGroupId)).toMatchObject({
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
  });

  it('has a role that trusts Lambda only and has no managed policies', () => {
    const roleArn = apiFunction.properties.Role as { 'Fn::GetAtt': [string, string] };
    const roleId = roleArn['Fn::GetAtt'][0];
    const role = resourceById(template, roleId) as { Properties: Record<string, unknown> };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      Version: '2012-10-17',
    });
  });

  it('grants the IAM actions of exactly the operations the function may send (the deployment contract), without GetItem or Scan', () => {
    // The function's DynamoDB client refuses any other operation (server/dynamodb/granted-operations.ts).
    expect([...TABLE_ACTIONS].sort()).toEqual(DYNAMODB_OPERATIONS.filter((op) => op !== 'TransactWriteItems').map((op) => `dynamodb:${op}`).sort());
    expect(TABLE_ACTIONS).toEqual(['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']);
  });

  it('may use exactly the listed item actions on the table, and only Query on the change feed’s and the list’s indexes', () => {
    const dynamoStatements = statementsOf(template).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamoStatements).toHaveLength(2);
    const [statement, index] = dynamoStatements;
    expect(statement?.Effect).toBe('Allow');
    expect(actionsOf(statement ?? { Action: [], Resource: null, Effect: '' }).sort()).toEqual([...TABLE_ACTIONS].sort());
    expect(statement?.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    expect(index?.Effect).toBe('Allow');
    expect(actionsOf(index ?? { Action: [], Resource: null, Effect: '' })).toEqual(['dynamodb:Query']);
    expect(index?.Resource).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/byChange']] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/liveTodos']] },
    ]);
  });

  it('grants no wildcard DynamoDB or KMS access anywhere in the stack', () => {
    for (const statement of statementsOf(template)) {
      const actions = actionsOf(statement);
      expect(actions.filter((a) => a.startsWith('dynamodb:') && a.includes('*'))).toEqual([]);
      expect(actions.filter((a) => a.startsWith('kms:'))).toEqual([]);
      if (actions.some((a) => a.startsWith('dynamodb:'))) {
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
      }
    }
    expect(statementsOf(template).flatMap(actionsOf)).not.toContain('dynamodb:Scan');
  });

  it('lets it write only to its own log group', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiLogs'), 'Arn'] },
          },
        ]),
      },
    });
  });

  it('has a Function URL that requires IAM (SigV4) auth', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [apiFunction.id, 'Arn'] },
      Cors: Match.absent(),
    });
  });

  it('can be invoked by this CloudFront distribution only', () => {
    // The only other permission in the stack is Cognito's, on the pre token generation trigger.
    const others = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => (p as { Properties: { Principal: string } }).Properties.Principal !== 'cloudfront.amazonaws.com',
    ) as { Properties: { Principal: string; FunctionName: { 'Fn::GetAtt': [string, string] } } }[];
    expect(others.map((p) => [p.Properties.Principal, p.Properties.FunctionName['Fn::GetAtt'][0]])).toEqual([
      ['cognito-idp.amazonaws.com', expect.stringMatching(/^AuthPreTokenGenerationFunction/)],
    ]);

    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { FunctionName: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::Lambda::Url'), 'FunctionArn'] } },
      }),
    ) as {
      Properties: { Action: string; Principal: string; SourceArn: unknown; InvokedViaFunctionUrl?: boolean };
    }[];
    expect(permissions.map((p) => p.Properties.Action).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    const distributionId = onlyLogicalId(template, 'AWS::CloudFront::Distribution');
    for (const { Properties: permission } of permissions) {
      expect(permission.Principal).toBe('cloudfront.amazonaws.com');
      expect(JSON.stringify(permission.SourceArn)).toContain(`{"Ref":"${distributionId}"}`);
    }
    expect(permissions.find((p) => p.Properties.Action === 'lambda:InvokeFunction')?.Properties.InvokedViaFunctionUrl).toBe(true);
  });
});
