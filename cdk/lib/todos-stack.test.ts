import { Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, synthTodos } from '../test-support/synth';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

describe('TodosStack', { timeout: 120_000 }, () => {
  const dev = synthTodos();

  it('is named after the stage: context first, then STAGE, then dev', () => {
    expect(dev.stack.stackName).toBe('TodosApp-dev');
    expect(synthTodos({ env: { STAGE: 'alice' } }).stack.stackName).toBe('TodosApp-alice');
    expect(synthTodos({ context: { stage: 'prod' }, env: { STAGE: 'alice' } }).stack.stackName).toBe('TodosApp-prod');
  });

  it('is environment-agnostic (no account/region, so synth needs no credentials or lookups)', () => {
    expect(Token.isUnresolved(dev.stack.account)).toBe(true);
    expect(Token.isUnresolved(dev.stack.region)).toBe(true);
    expect(dev.stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('outputs the site, the API behind CloudFront, the direct Function URL and the table name', () => {
    const { template } = dev;
    const distributionId = onlyLogicalId(template, 'AWS::CloudFront::Distribution');
    const domain = { 'Fn::GetAtt': [distributionId, 'DomainName'] };
    template.hasOutput('SiteUrl', { Value: { 'Fn::Join': ['', ['https://', domain]] } });
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', ['https://', domain, '/trpc']] } });
    template.hasOutput('FunctionUrl', {
      Value: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::Lambda::Url'), 'FunctionUrl'] },
      Description: Match.stringLikeRegexp('IAM auth only'),
    });
    template.hasOutput('TableName', { Value: { Ref: onlyLogicalId(template, 'AWS::DynamoDB::GlobalTable') } });
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      [
        'ApiUrl',
        'FunctionUrl',
        'SiteUrl',
        'TableName',
        'UserPoolId',
        'WebClientId',
        'CliClientId',
        'ServiceClientId',
        'Issuer',
        'ManagedLoginUrl',
        'TokenEndpoint',
        'AlarmTopicArn',
        'DashboardUrl',
      ].sort(),
    );
  });

  it('outputs what clients need to sign in, and no client secret', () => {
    const { template } = dev;
    const poolId = onlyLogicalId(template, 'AWS::Cognito::UserPool');
    const domainId = onlyLogicalId(template, 'AWS::Cognito::UserPoolDomain');
    const client = (name: string) => ({
      Ref: Object.keys(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: name } }))[0],
    });
    const loginBase = ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com'];
    template.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    template.hasOutput('WebClientId', { Value: client('web') });
    template.hasOutput('CliClientId', { Value: client('cli') });
    template.hasOutput('ServiceClientId', { Value: client('service'), Description: Match.stringLikeRegexp('describe-user-pool-client') });
    template.hasOutput('Issuer', { Value: { 'Fn::GetAtt': [poolId, 'ProviderURL'] } });
    template.hasOutput('ManagedLoginUrl', { Value: { 'Fn::Join': ['', loginBase] } });
    template.hasOutput('TokenEndpoint', { Value: { 'Fn::Join': ['', [...loginBase.slice(0, -1), '.amazoncognito.com/oauth2/token']] } });
    expect(JSON.stringify(template.findOutputs('*'))).not.toMatch(/ClientSecret|userPoolClientSecret|DescribeUserPoolClient/);
  });

  it('has no dependency cycle (CloudFormation would refuse the template) in any variant', () => {
    for (const options of [{}, { context: { stage: 'prod' } }, { context: { domainName: 'todos.example.com', certificateArn: CERT } }]) {
      const resources = synthTodos(options).template.toJSON().Resources as Record<string, { DependsOn?: string[] }>;
      const edges = new Map<string, Set<string>>();
      for (const [id, resource] of Object.entries(resources)) {
        const { DependsOn: dependsOn = [], ...rest } = resource;
        const text = JSON.stringify(rest);
        const refs = new Set<string>(dependsOn);
        for (const m of text.matchAll(/\{"Ref":"([A-Za-z0-9]+)"\}|\{"Fn::GetAtt":\["([A-Za-z0-9]+)"/g)) {
          const target = m[1] ?? m[2];
          if (target && target in resources) refs.add(target);
        }
        edges.set(id, refs);
      }
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, trail: string[]): void => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...trail, id].join(' -> ')}`);
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) visit(next, [...trail, id]);
        state.set(id, 'done');
      };
      expect(() => {
        for (const id of edges.keys()) visit(id, []);
      }).not.toThrow();
    }
  });

  it('uses the custom domain in the URLs and outputs the CNAME target when one is configured', () => {
    const { template } = synthTodos({ context: { domainName: 'todos.example.com', certificateArn: CERT } });
    template.hasOutput('SiteUrl', { Value: 'https://todos.example.com' });
    template.hasOutput('ApiUrl', { Value: 'https://todos.example.com/trpc' });
    template.hasOutput('DistributionDomainName', {
      Value: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::CloudFront::Distribution'), 'DomainName'] },
    });
  });

  it('tags what it creates with the app and stage', () => {
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([
        { Key: 'app', Value: 'todos' },
        { Key: 'stage', Value: 'dev' },
      ]),
    });
  });

  it('has exactly the expected resources (a new one must be added here deliberately)', () => {
    const counts: Record<string, number> = {};
    for (const resource of Object.values(dev.template.toJSON().Resources as Record<string, { Type: string }>)) {
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'AWS::DynamoDB::GlobalTable': 1,
      'AWS::Logs::LogGroup': 5, // API, site deployment handler, pre token trigger, web client URL update, bucket emptying
      'AWS::IAM::Role': 5, // API, deployment handler, pre token trigger, web client URL update, bucket emptying
      'AWS::IAM::Policy': 6, // the URL update has two: its log group, and its UpdateUserPoolClient call
      'AWS::Lambda::Function': 5, // API, deployment handler, pre token trigger, web client URL update, bucket emptying
      'AWS::Lambda::Url': 1,
      'AWS::Lambda::Permission': 3, // CloudFront -> API (2), Cognito -> pre token trigger
      'AWS::Cognito::UserPool': 1,
      'AWS::Cognito::UserPoolResourceServer': 1,
      'AWS::Cognito::UserPoolDomain': 1,
      'AWS::Cognito::UserPoolClient': 3, // web, cli, service
      'AWS::Cognito::ManagedLoginBranding': 2, // web, cli
      'Custom::CognitoWebClientUrls': 1,
      'AWS::Lambda::LayerVersion': 3, // AWS CLI layer, one per BucketDeployment (same asset, uploaded once)
      'AWS::S3::Bucket': 1,
      'AWS::S3::BucketPolicy': 1,
      'Custom::EmptyBucketOnDelete': 1, // throwaway stage only
      'Custom::CDKBucketDeployment': 3, // hashed assets, entry (pruned, invalidated), prune stale hashed assets
      'AWS::CloudFront::Distribution': 1,
      'AWS::CloudFront::OriginAccessControl': 2,
      'AWS::CloudFront::CachePolicy': 1, // /trpc/*: not cached, compressed
      'AWS::CloudFront::Function': 2, // SPA rewrite, viewer Authorization copy
      'AWS::CloudFront::ResponseHeadersPolicy': 1,
      'AWS::KMS::Key': 1, // encrypts the alarm topic (CloudWatch cannot publish to a topic under the AWS managed key)
      'AWS::SNS::Topic': 1, // alarm notifications; a subscription only with alarmEmail
      'AWS::SNS::TopicPolicy': 1,
      'AWS::CloudWatch::Alarm': 6, // API 5xx rate, Lambda errors/throttles/duration p99, table throttles/system errors
      'AWS::CloudWatch::Dashboard': 1,
    });
  });

  it('synthesizes without CDK warnings or errors', () => {
    const annotations = Annotations.fromStack(dev.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});
