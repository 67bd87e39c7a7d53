/**
 * Issue 8, "fail safe and observable", the stack's part: bounded blast radius per stage (decision 032).
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, synthTodos } from '../test-support/synth';
import { STAGES } from '../stages';
import { RATE_RULE_NAME } from './web-acl';

const apiFunction = (template: Template): Record<string, unknown> => {
  const found = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: 'Todos tRPC API' } })) as {
    Properties: Record<string, unknown>;
  }[];
  if (found.length !== 1 || found[0] === undefined) throw new Error('expected one API function');
  return found[0].Properties;
};

describe('bounded blast radius (decision 032)', { timeout: 120_000 }, () => {
  const dev = synthTodos().template;
  const prod = synthTodos({ context: { stage: 'prod' } }).template;
  const staging = synthTodos({ context: { stage: 'staging' } }).template;

  it('ships dev and prod with explicit table limits and no concurrency reservation in cdk/stages.ts', () => {
    expect(STAGES.dev).toMatchObject({ tableMaxReadRequestUnits: 200, tableMaxWriteRequestUnits: 100 });
    expect(STAGES.prod).toMatchObject({ tableMaxReadRequestUnits: 4000, tableMaxWriteRequestUnits: 1000 });
    for (const stage of [STAGES.dev, STAGES.prod]) expect(stage?.apiReservedConcurrency).toBeUndefined();
    expect(STAGES.prod?.webAcl).toBeUndefined();
  });

  it('runs the API on Node.js 24', () => {
    for (const template of [dev, prod]) expect(apiFunction(template).Runtime).toBe('nodejs24.x');
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
    ['staging (undeclared)', staging],
  ])('reserves no concurrency for the API function unless the stage opts in (a new account has no room): %s', (_name, template) => {
    expect(apiFunction(template).ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reserves what a stage opts in to with apiReservedConcurrency', () => {
    const { template } = synthTodos({ context: { stage: 'big' }, stages: { big: { apiReservedConcurrency: 50 } } });
    expect(apiFunction(template).ReservedConcurrentExecutions).toBe(50);
  });

  it.each([
    ['dev', dev, 200, 100],
    ['prod', prod, 4000, 1000],
    ['staging (undeclared: the small default)', staging, 200, 100],
  ])('caps the table\'s on-demand throughput: %s', (_name, template, read, write) => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: write },
      Replicas: [Match.objectLike({ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: read } })],
    });
  });

  it.each([
    ['dev', dev, 200, 100],
    ['prod', prod, 4000, 1000],
  ])("caps both indexes (the change feed's and the list's) with their own on-demand maximum, the table's: %s", (_name, template, read, write) => {
    // An index has its own on-demand throughput; without these it would escape the table's maximum.
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byChange', WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: write } }),
        Match.objectLike({ IndexName: 'liveTodos', WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: write } }),
      ],
      Replicas: [
        Match.objectLike({
          GlobalSecondaryIndexes: [
            { IndexName: 'byChange', ReadOnDemandThroughputSettings: { MaxReadRequestUnits: read } },
            { IndexName: 'liveTodos', ReadOnDemandThroughputSettings: { MaxReadRequestUnits: read } },
          ],
        }),
      ],
    });
  });

  describe('AWS WAF', () => {
    it('is off by default (it costs money): no web ACL, none on the distribution', () => {
      for (const template of [dev, prod, staging]) {
        template.resourceCountIs('AWS::WAFv2::WebACL', 0);
        template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.absent() }) });
      }
    });

    it('when on: a CLOUDFRONT-scope web ACL with a per-IP rate rule (default 2,000 per 5 minutes) on the distribution', () => {
      const { template } = synthTodos({ context: { stage: 'edge' }, stages: { edge: { webAcl: true } } });
      template.resourceCountIs('AWS::WAFv2::WebACL', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Name: 'TodosApp-edge-site',
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: RATE_RULE_NAME,
            Priority: 0,
            Action: { Block: {} },
            Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
            VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: RATE_RULE_NAME, SampledRequestsEnabled: true },
          },
        ],
      });
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::WAFv2::WebACL'), 'Arn'] } }),
      });
    });

    it('takes the rate limit from the stage', () => {
      const { template } = synthTodos({ context: { stage: 'edge' }, stages: { edge: { webAcl: true, webAclRateLimit: 500 } } });
      template.hasResourceProperties('AWS::WAFv2::WebACL', { Rules: [Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } })] });
    });

    it('fails synth when the CLI will deploy outside us-east-1 (CloudFront only takes web ACLs from there)', () => {
      const stages = { edge: { webAcl: true } };
      expect(() => synthTodos({ context: { stage: 'edge' }, stages, env: { CDK_DEFAULT_REGION: 'eu-west-1' } })).toThrow(
        /webAcl: true, but the deploy region is eu-west-1: CloudFront only accepts a web ACL created in us-east-1/,
      );
      expect(() => synthTodos({ context: { stage: 'edge' }, stages, env: { CDK_DEFAULT_REGION: 'us-east-1' } })).not.toThrow();
      // Without WAF any region is fine.
      expect(() => synthTodos({ env: { CDK_DEFAULT_REGION: 'eu-west-1' } })).not.toThrow();
    });
  });
});
