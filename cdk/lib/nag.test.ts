import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validations, type PolicyViolation } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthTodos, type TestSynthOptions } from '../test-support/synth';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

function builtClient(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), '');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  return dir;
}

function describeViolations(violations: PolicyViolation[]): string[] {
  return violations.map((v) => `${v.severity} ${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath ?? '?').join(', ')}`);
}

function acknowledgements(root: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(`${construct.node.path} ${id.replace(/^annotation::/i, '')}`, reason);
      }
    }
  }
  return found;
}

const variants: [string, TestSynthOptions][] = [
  ['dev', {}],
  ['prod (access logs, tracing, MFA, SES email)', { context: { stage: 'prod' } }],
  ['dev with access logs (log bucket emptied on delete)', { context: { accessLogs: 'true' } }],
  ['threat protection (Plus plan)', { context: { stage: 'guarded' }, stages: { guarded: { threatProtection: true } } }],
  ['staging (undeclared: protected)', { context: { stage: 'staging' } }],
  ['dev, built client with public files', { clientDist: builtClient() }],
  ['prod, custom domain', { context: { stage: 'prod', domainName: 'todos.example.com', certificateArn: CERT } }],
  ['WAF on, alarm email', { context: { stage: 'edge', alarmEmail: 'ops@example.com' }, stages: { edge: { webAcl: true } } }],
  ['reserved concurrency (opt-in)', { context: { stage: 'big' }, stages: { big: { protectData: false, apiReservedConcurrency: 50 } } }],
];

describe('cdk-nag AwsSolutions', { timeout: 120_000 }, () => {
  it.each(variants)('reports no unacknowledged errors or warnings (%s)', (_name, options) => {
    const { stack } = synthTodos(options);
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(describeViolations(report.violations.filter((v) => v.severity === 'error'))).toEqual([]);
    expect(describeViolations(report.violations.filter((v) => v.severity === 'warning'))).toEqual([]);
    expect(report.success).toBe(true);
    // cdk-nag 3 reports through the validation plugin, not annotations; make sure nothing leaks there either.
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('is wired into the app: a full synth runs the checks and passes', () => {
    const { app } = synthTodos();
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  it('actually fails on a non-compliant resource (the checks are not vacuous)', () => {
    const { app, stack } = synthTodos();
    new Bucket(stack, 'CarelessBucket');
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(() => app.synth({ force: true })).toThrow(/AwsSolutions-S10/);
  });

  // Every stage: no geo restriction, WAF off, default certificate, no threat protection (Plus plan), ...
  const common = [
    'AwsSolutions-CFR1',
    'AwsSolutions-CFR2',
    'AwsSolutions-CFR4',
    'AwsSolutions-COG8',
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    'AwsSolutions-IAM5[Action::s3:List*]',
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::<SiteBucket978D4AEB.Arn>/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    'AwsSolutions-L1',
    'AwsSolutions-S1',
  ];
  // Protected stages log CloudFront access to a bucket of their own (which logs nothing itself) and require MFA.
  const protectedStage = [...common, 'AwsSolutions-S1'];
  // Throwaway stages: access logs off (CFR3), MFA off (COG2), and the site bucket is emptied on delete.
  const throwawayStage = [...common, 'AwsSolutions-CFR3', 'AwsSolutions-COG2', 'AwsSolutions-IAM5[Resource::<SiteBucket978D4AEB.Arn>/*]'];

  it('prod: the reviewed acknowledgements, plus X-Ray\'s Resource "*" on the API role', () => {
    const found = acknowledgements(synthTodos({ context: { stage: 'prod' } }).stack);
    const ids = [...found.keys()].map((key) => key.replace(/^\S+ /, '')).sort();
    expect(ids).toEqual([...protectedStage, 'AwsSolutions-IAM5[Resource::*]'].sort());
    expect([...found.entries()].filter(([key]) => key.startsWith('TodosApp-prod/Api/Role ')).map(([, reason]) => reason)).toEqual([
      expect.stringContaining('xray:PutTraceSegments'),
    ]);
    expect([...found.entries()].filter(([key]) => key.includes('S1')).map(([key]) => key.replace(/ .*/, ''))).toEqual(
      expect.arrayContaining(['TodosApp-prod/Site/Bucket', 'TodosApp-prod/Site/AccessLogBucket']),
    );
    expect([...found.entries()].find(([key]) => key.includes('CFR2'))?.[1]).toContain('AWS WAF is off for this stage');
    // Node.js 24 is the newest runtime: only the BucketDeployment handler (Python, chosen by aws-cdk-lib) is acknowledged.
    expect([...found.keys()].filter((key) => key.includes('L1'))).toEqual([expect.stringMatching(/^TodosApp-prod\/Custom::CDKBucketDeployment/)]);
  });

  it('WAF on: CFR2 passes without an acknowledgement', () => {
    const found = acknowledgements(synthTodos({ context: { stage: 'edge' }, stages: { edge: { webAcl: true, tracing: false } } }).stack);
    const ids = [...found.keys()].map((key) => key.replace(/^\S+ /, ''));
    expect(ids).not.toContain('AwsSolutions-CFR2');
    expect(ids.sort()).toEqual(protectedStage.filter((id) => id !== 'AwsSolutions-CFR2').sort());
  });

  it('dev: the reviewed acknowledgements, plus the throwaway bucket cleanup, each with a real reason', () => {
    const found = acknowledgements(synthTodos().stack);
    const ids = [...found.keys()].map((key) => key.replace(/^\S+ /, '')).sort();
    expect([...found.entries()].find(([key]) => key.includes('CFR3'))?.[1]).toContain('Access logs are off');
    expect([...found.entries()].find(([key]) => key.includes('COG2'))?.[1]).toContain('MFA is off on this stage');
    expect(ids).toEqual([...throwawayStage].sort());
    for (const [key, reason] of found) {
      expect(reason.length, key).toBeGreaterThan(60);
    }
  });

  it('acknowledges nothing at stack or app level (each next to its construct)', () => {
    const { app, stack } = synthTodos();
    for (const scope of [app, stack]) {
      expect(scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
    }
  });
});
