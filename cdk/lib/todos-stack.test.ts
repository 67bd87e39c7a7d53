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
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(['ApiUrl', 'FunctionUrl', 'SiteUrl', 'TableName']);
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
      'AWS::Logs::LogGroup': 2, // API + site deployment handler
      'AWS::IAM::Role': 3, // API, deployment handler, auto-delete-objects provider
      'AWS::IAM::Policy': 2,
      'AWS::Lambda::Function': 3, // API, deployment handler, auto-delete-objects provider
      'AWS::Lambda::Url': 1,
      'AWS::Lambda::Permission': 2,
      'AWS::Lambda::LayerVersion': 1, // AWS CLI layer used by BucketDeployment
      'AWS::S3::Bucket': 1,
      'AWS::S3::BucketPolicy': 1,
      'Custom::S3AutoDeleteObjects': 1,
      'Custom::CDKBucketDeployment': 1,
      'AWS::CloudFront::Distribution': 1,
      'AWS::CloudFront::OriginAccessControl': 2,
      'AWS::CloudFront::Function': 1,
      'AWS::CloudFront::ResponseHeadersPolicy': 1,
    });
  });

  it('synthesizes without CDK warnings or errors', () => {
    const annotations = Annotations.fromStack(dev.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});
