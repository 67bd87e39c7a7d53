/**
 * The first-deploy rehearsal (issue 20, decision 058): every stage declared in cdk/stages.ts,
 * synthesized for us-east-1 and eu-west-1 as the CDK CLI would (CDK_DEFAULT_REGION set, protected
 * stages given an alarm address and an SES sender), all taken as deployed into ONE new account,
 * then checked against the rules of first-deploy-rules.ts. Nothing is deployed: the rules stand in
 * for what CloudFormation and the services would refuse.
 *
 * Each rule also gets a template fragment that breaks it, so no rule can pass vacuously.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../stages';
import { fakeClientDist, synthTodos } from '../test-support/synth';
import { stackNameFor } from '../lib/stage-config';
import { FIRST_DEPLOY_RULES, firstDeployViolations, NEW_ACCOUNT } from './first-deploy-rules';
import { deployTarget, type DeployTarget } from './resolve-template';

const REGIONS = ['us-east-1', 'eu-west-1'] as const;

describe('first deploy of every declared stage, in us-east-1 and eu-west-1, into one new account', { timeout: 120_000 }, () => {
  const clientDist = fakeClientDist();
  const targets: DeployTarget[] = Object.keys(STAGES).flatMap((stage) =>
    REGIONS.map((region) => {
      const { stack } = synthTodos({ context: { stage }, env: { CDK_DEFAULT_REGION: region }, clientDist });
      return deployTarget(stage, region, stack.stackName, Template.fromStack(stack).toJSON());
    }),
  );

  it('rehearses dev and prod at least, in both regions', () => {
    expect(targets.map((t) => `${t.stage}@${t.region}`)).toEqual(expect.arrayContaining(['dev@us-east-1', 'dev@eu-west-1', 'prod@us-east-1', 'prod@eu-west-1']));
  });

  it('breaks none of the first-deploy rules', () => {
    expect(firstDeployViolations(targets)).toEqual([]);
  });

  it('gives prod in eu-west-1 access logs without anything only us-east-1 accepts', () => {
    const prod = targets.find((t) => t.stage === 'prod' && t.region === 'eu-west-1');
    const resources = Object.values(prod?.template.Resources ?? {});
    const distribution = resources.find((r) => r.Type === 'AWS::CloudFront::Distribution');
    expect(distribution?.Properties?.DistributionConfig).toHaveProperty('Logging');
    expect(resources.filter((r) => ['AWS::Logs::DeliverySource', 'AWS::WAFv2::WebACL', 'AWS::CertificateManager::Certificate'].includes(r.Type))).toEqual([]);
  });

  it('names every account-scoped resource differently, within a stack and across stages and regions', () => {
    const names = targets.flatMap((t) =>
      Object.values(t.template.Resources).flatMap((r) => {
        const p = r.Properties ?? {};
        const name = (p.OriginAccessControlConfig ?? p.CachePolicyConfig ?? p.ResponseHeadersPolicyConfig ?? {}) as { Name?: string };
        return [name.Name, r.Type === 'AWS::CloudFront::Function' ? p.Name : undefined].filter((n) => n !== undefined);
      }),
    );
    // 2 stages x 2 regions x (2 OACs + cache policy + response headers policy + 2 functions).
    expect(names).toHaveLength(Object.keys(STAGES).length * REGIONS.length * 6);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('first-deploy rules', () => {
  it('each says in one line what AWS does, and names its AWS documentation page', () => {
    expect(new Set(FIRST_DEPLOY_RULES.map((r) => r.id)).size).toBe(FIRST_DEPLOY_RULES.length);
    for (const r of FIRST_DEPLOY_RULES) {
      expect(r.reason, r.id).toMatch(/^[A-Z].{20,}\.$/);
      expect(r.reason, r.id).not.toContain('\n');
      expect(r.source, r.id).toMatch(/ - (Amazon|AWS) /);
    }
  });

  const target = (region: string, resources: Record<string, unknown>, stage = 'x'): DeployTarget =>
    deployTarget(stage, region, stackNameFor(stage), { Resources: resources });
  const resource = (Type: string, Properties: Record<string, unknown>) => ({ Type, Properties });
  const oac = (name: unknown) => resource('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { Name: name } });
  const distribution = (config: Record<string, unknown>) => resource('AWS::CloudFront::Distribution', { DistributionConfig: config });
  const many = (count: number, make: (i: number) => unknown) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`R${i}`, make(i)]));
  const regionName = { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'TodosAppx-Site']] };

  /** For each rule: targets (one account) that break it. */
  const broken: Record<string, () => DeployTarget[]> = {
    // The bug of issue 20: two OACs of one construct got the same name.
    'name: CloudFront origin access control': () => [target('us-east-1', { A: oac(regionName), B: oac(regionName) })],
    'name: CloudFront cache policy': () => [
      target('us-east-1', { A: resource('AWS::CloudFront::CachePolicy', { CachePolicyConfig: { Name: 'TodosApp-site' } }) }, 'a'),
      target('eu-west-1', { A: resource('AWS::CloudFront::CachePolicy', { CachePolicyConfig: { Name: 'TodosApp-site' } }) }, 'b'),
    ],
    'name: CloudFront origin request policy': () => [target('us-east-1', { A: resource('AWS::CloudFront::OriginRequestPolicy', { OriginRequestPolicyConfig: { Name: 'has spaces' } }) })],
    'name: CloudFront response headers policy': () => [
      target('us-east-1', { A: resource('AWS::CloudFront::ResponseHeadersPolicy', { ResponseHeadersPolicyConfig: { Name: 'x'.repeat(129) } }) }),
    ],
    'name: CloudFront function': () => [
      // The same stage in two regions, named without the region.
      target('us-east-1', { F: resource('AWS::CloudFront::Function', { Name: 'TodosApp-prod-rewrite' }) }, 'prod'),
      target('eu-west-1', { F: resource('AWS::CloudFront::Function', { Name: 'TodosApp-prod-rewrite' }) }, 'prod'),
    ],
    'name: Cognito prefix domain': () => [target('us-east-1', { D: resource('AWS::Cognito::UserPoolDomain', { Domain: 'todos-my-aws-stage' }) })],
    'name: CloudWatch dashboard': () => [
      target('us-east-1', { D: resource('AWS::CloudWatch::Dashboard', { DashboardName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'ops']] } }) }),
      target('eu-west-1', { D: resource('AWS::CloudWatch::Dashboard', { DashboardName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'ops']] } }) }),
    ],
    'name: CloudWatch alarm': () => [target('us-east-1', { A: resource('AWS::CloudWatch::Alarm', { AlarmName: 'errors' }), B: resource('AWS::CloudWatch::Alarm', { AlarmName: 'errors' }) })],
    'name: WAF web ACL': () => [
      target('us-east-1', { W: resource('AWS::WAFv2::WebACL', { Name: 'site', Scope: 'CLOUDFRONT' }) }, 'a'),
      target('us-east-1', { W: resource('AWS::WAFv2::WebACL', { Name: 'site', Scope: 'CLOUDFRONT' }) }, 'b'),
    ],
    'name: IAM role': () => [target('us-east-1', { R: resource('AWS::IAM::Role', { RoleName: `TodosApp-${'long'.repeat(20)}` }) })],
    'name: Lambda function': () => [target('us-east-1', { F: resource('AWS::Lambda::Function', { FunctionName: 'todos api' }) })],
    'name: CloudWatch Logs log group': () => [
      target('us-east-1', { L: resource('AWS::Logs::LogGroup', { LogGroupName: '/todos/api' }) }, 'a'),
      target('us-east-1', { L: resource('AWS::Logs::LogGroup', { LogGroupName: '/todos/api' }) }, 'b'),
    ],
    'name: SNS topic': () => [target('us-east-1', { T: resource('AWS::SNS::Topic', { TopicName: 'alarms!' }) })],
    'name: S3 bucket': () => [target('us-east-1', { B: resource('AWS::S3::Bucket', { BucketName: 'Todos_Site' }) })],
    'name: DynamoDB table': () => [target('us-east-1', { T: resource('AWS::DynamoDB::GlobalTable', { TableName: 'to' }) })],
    'stack name': () => [target('us-east-1', {}, 'a'), target('us-east-1', {}, 'a'), deployTarget('b', 'us-east-1', 'Todos_b', { Resources: {} })],
    'us-east-1 only: CloudFront log delivery source': () => [
      target('eu-west-1', {
        S: resource('AWS::Logs::DeliverySource', { LogType: 'ACCESS_LOGS', ResourceArn: { 'Fn::Join': ['', ['arn:aws:cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: 'Distribution' }]] } }),
      }),
    ],
    'us-east-1 only: CloudFront web ACL': () => [target('eu-west-1', { W: resource('AWS::WAFv2::WebACL', { Name: 'site', Scope: 'CLOUDFRONT' }) })],
    'us-east-1 only: certificate for CloudFront': () => [
      target('eu-west-1', {
        C: resource('AWS::CertificateManager::Certificate', { DomainName: 'todos.example.com' }),
        D: distribution({ ViewerCertificate: { AcmCertificateArn: { Ref: 'C' } } }),
      }),
      target('us-east-1', { D: distribution({ ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' } }) }),
    ],
    'us-east-1 only: Lambda@Edge': () => [target('eu-west-1', { D: distribution({ DefaultCacheBehavior: { LambdaFunctionAssociations: [{ EventType: 'origin-request' }] } }) })],
    'access logs: no delivery to opt-in regions': () => [target('af-south-1', { D: distribution({ Logging: { Bucket: 'logs.s3.amazonaws.com' } }) })],
    'quota: reserved concurrency in a new account': () => [
      target('us-east-1', { F: resource('AWS::Lambda::Function', { ReservedConcurrentExecutions: NEW_ACCOUNT.lambdaConcurrentExecutions }) }),
    ],
    'quota: CloudFront functions per cache behavior': () => [
      target('us-east-1', {
        D: distribution({ DefaultCacheBehavior: { FunctionAssociations: [{ EventType: 'viewer-request' }, { EventType: 'viewer-request' }] }, CacheBehaviors: [{ PathPattern: '/trpc/*', FunctionAssociations: [{ EventType: 'origin-request' }] }] }),
      }),
    ],
    'quota: CloudFront function size': () => [target('us-east-1', { F: resource('AWS::CloudFront::Function', { Name: 'big', FunctionCode: 'x'.repeat(10 * 1024 + 1) }) })],
    'quota: CloudFront functions per account': () => [target('us-east-1', many(101, (i) => resource('AWS::CloudFront::Function', { Name: `f${i}` })))],
    'quota: cache policies per account': () => [target('us-east-1', many(21, (i) => resource('AWS::CloudFront::CachePolicy', { CachePolicyConfig: { Name: `p${i}` } })))],
    'quota: origin request policies per account': () => [
      target('us-east-1', many(21, (i) => resource('AWS::CloudFront::OriginRequestPolicy', { OriginRequestPolicyConfig: { Name: `p${i}` } }))),
    ],
    'quota: response headers policies per account': () => [
      target('us-east-1', many(21, (i) => resource('AWS::CloudFront::ResponseHeadersPolicy', { ResponseHeadersPolicyConfig: { Name: `p${i}` } }))),
    ],
    'quota: cache behaviors per distribution': () => [target('us-east-1', { D: distribution({ CacheBehaviors: Array.from({ length: 75 }, (_, i) => ({ PathPattern: `/p${i}/*` })), DefaultCacheBehavior: {} }) })],
    'quota: Lambda environment variables': () => [
      // 32 ARNs or URLs known only after deploy: about 4 KB once resolved.
      target('us-east-1', { F: resource('AWS::Lambda::Function', { Environment: { Variables: many(32, (i) => ({ 'Fn::GetAtt': [`Thing${i}`, 'Arn'] })) } }) }),
    ],
    'quota: CloudFormation template': () => [target('us-east-1', many(501, () => resource('AWS::SNS::Topic', {})))],
  };

  it('has a breaking fragment for every rule', () => {
    expect(Object.keys(broken).sort()).toEqual(FIRST_DEPLOY_RULES.map((r) => r.id).sort());
  });

  it.each(FIRST_DEPLOY_RULES.map((r) => [r.id, r] as const))('%s: fails on a template that breaks it', (id, r) => {
    const make = broken[id];
    if (make === undefined) throw new Error(`no breaking fragment for ${id}`);
    const violations = r.check(make());
    expect(violations.length, id).toBeGreaterThan(0);
    for (const violation of violations) expect(violation).toMatch(/\S/);
  });
});
