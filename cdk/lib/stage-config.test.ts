import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { resolveStageConfig, stackNameFor } from './stage-config';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

describe('resolveStageConfig', () => {
  it('defaults to a throwaway dev stage', () => {
    const config = resolveStageConfig({});
    expect(config).toEqual({ stage: 'dev', isProduction: false, removalPolicy: RemovalPolicy.DESTROY });
  });

  it('reads STAGE from the environment', () => {
    expect(resolveStageConfig({ envStage: 'alice' }).stage).toBe('alice');
  });

  it('prefers the -c stage context over STAGE', () => {
    expect(resolveStageConfig({ contextStage: 'prod', envStage: 'dev' }).stage).toBe('prod');
  });

  it.each(['prod', 'production'])('treats %s as production: RETAIN', (stage) => {
    const config = resolveStageConfig({ contextStage: stage });
    expect(config.isProduction).toBe(true);
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  it.each(['staging', 'prod-copy', 'preprod'])('treats %s as throwaway: DESTROY', (stage) => {
    const config = resolveStageConfig({ contextStage: stage });
    expect(config.isProduction).toBe(false);
    expect(config.removalPolicy).toBe(RemovalPolicy.DESTROY);
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
