import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { resolveStageConfig, stackNameFor } from './stage-config';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

describe('resolveStageConfig', () => {
  const STAGES = { dev: { protectData: false }, prod: { protectData: true, accessLogs: true, tracing: true } } as const;

  it('defaults to the dev stage, declared throwaway: DESTROY, no logs, no tracing', () => {
    const config = resolveStageConfig({ stages: STAGES });
    expect(config).toEqual({ stage: 'dev', protectData: false, accessLogs: false, tracing: false, removalPolicy: RemovalPolicy.DESTROY });
  });

  it('reads STAGE from the environment', () => {
    expect(resolveStageConfig({ envStage: 'alice' }).stage).toBe('alice');
  });

  it('prefers the -c stage context over STAGE', () => {
    expect(resolveStageConfig({ contextStage: 'prod', envStage: 'dev' }).stage).toBe('prod');
  });

  it('uses the declared settings of prod: protected, access logs, tracing', () => {
    const config = resolveStageConfig({ contextStage: 'prod', stages: STAGES });
    expect(config).toMatchObject({ protectData: true, accessLogs: true, tracing: true, removalPolicy: RemovalPolicy.RETAIN });
  });

  it.each(['prd', 'live', 'staging', 'production', 'preprod', 'customer-a'])(
    'protects the data of %s, a stage nobody declared, whatever its name: RETAIN',
    (stage) => {
      const config = resolveStageConfig({ contextStage: stage, stages: STAGES });
      expect(config.protectData).toBe(true);
      expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
    },
  );

  it('makes an undeclared stage throwaway only when asked explicitly (-c protectData=false)', () => {
    const config = resolveStageConfig({ contextStage: 'pr-123', contextProtectData: 'false', stages: STAGES });
    expect(config).toMatchObject({ protectData: false, accessLogs: false, tracing: false, removalPolicy: RemovalPolicy.DESTROY });
  });

  it('refuses to unprotect a stage declared protected, and to protect one declared throwaway, from the command line', () => {
    expect(() => resolveStageConfig({ contextStage: 'prod', contextProtectData: 'false', stages: STAGES })).toThrow(/declared with protectData: true/);
    expect(() => resolveStageConfig({ contextStage: 'dev', contextProtectData: true, stages: STAGES })).toThrow(/declared with protectData: false/);
    expect(resolveStageConfig({ contextStage: 'prod', contextProtectData: 'true', stages: STAGES }).protectData).toBe(true);
  });

  it('lets -c accessLogs and -c tracing override a stage for one run', () => {
    expect(resolveStageConfig({ contextStage: 'dev', contextAccessLogs: 'true', contextTracing: true, stages: STAGES })).toMatchObject({
      protectData: false,
      accessLogs: true,
      tracing: true,
    });
    expect(resolveStageConfig({ contextStage: 'prod', contextAccessLogs: 'false', stages: STAGES }).accessLogs).toBe(false);
  });

  it('rejects a context switch that is not true or false', () => {
    expect(() => resolveStageConfig({ contextProtectData: 'no' })).toThrow(/must be true or false/);
    expect(() => resolveStageConfig({ contextTracing: 1 })).toThrow(/must be true or false/);
  });

  it('ships cdk/stages.ts with dev throwaway and prod protected', async () => {
    const { STAGES: shipped } = await import('../stages');
    expect(resolveStageConfig({ contextStage: 'dev', stages: shipped }).protectData).toBe(false);
    expect(resolveStageConfig({ contextStage: 'prod', stages: shipped }).protectData).toBe(true);
    expect(resolveStageConfig({ contextStage: 'staging', stages: shipped }).protectData).toBe(true);
  });

  it.each(['Prod', '1dev', 'my_stage', 'a'.repeat(21), 'dev stage'])('rejects the invalid stage %j', (stage) => {
    expect(() => resolveStageConfig({ contextStage: stage })).toThrow(/Invalid stage/);
  });

  it('rejects a non-string context value', () => {
    expect(() => resolveStageConfig({ contextStage: 42 })).toThrow(/must be a string/);
  });

  it('accepts a custom domain with a us-east-1 certificate', () => {
    const config = resolveStageConfig({ contextDomainName: 'todos.example.com', contextCertificateArn: CERT });
    expect(config.customDomain).toEqual({ domainName: 'todos.example.com', certificateArn: CERT });
  });

  it('requires domainName and certificateArn together', () => {
    expect(() => resolveStageConfig({ contextDomainName: 'todos.example.com' })).toThrow(/both/);
    expect(() => resolveStageConfig({ contextCertificateArn: CERT })).toThrow(/both/);
  });

  it('rejects a certificate outside us-east-1', () => {
    expect(() =>
      resolveStageConfig({ contextDomainName: 'todos.example.com', contextCertificateArn: CERT.replace('us-east-1', 'eu-west-1') }),
    ).toThrow(/us-east-1/);
  });
});

describe('stackNameFor', () => {
  it('names one stack per stage', () => {
    expect(stackNameFor('dev')).toBe('TodosApp-dev');
    expect(stackNameFor('prod')).toBe('TodosApp-prod');
  });
});
