import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { TODO_LIMIT_PER_USER_DEFAULT } from '../../shared/limits';
import {
  DEFAULT_API_RESERVED_CONCURRENCY,
  DEFAULT_TABLE_MAX_READ_UNITS,
  DEFAULT_TABLE_MAX_WRITE_UNITS,
  DEFAULT_WEB_ACL_RATE_LIMIT,
  resolveStageConfig,
  stackNameFor,
} from './stage-config';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

describe('resolveStageConfig', () => {
  const STAGES = { dev: { protectData: false }, prod: { protectData: true, accessLogs: true, tracing: true } } as const;

  it('defaults to the dev stage, declared throwaway: DESTROY, no logs, no tracing', () => {
    const config = resolveStageConfig({ stages: STAGES });
    expect(config).toEqual({
      stage: 'dev',
      protectData: false,
      accessLogs: false,
      tracing: false,
      apiReservedConcurrency: 10,
      tableMaxReadRequestUnits: 200,
      tableMaxWriteRequestUnits: 100,
      todoLimitPerUser: 100_000,
      webAcl: false,
      webAclRateLimit: 2000,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  });

  it('bounds every stage by default (10 concurrent, 200/100 units a second, no WAF, no alarm email) and takes declared limits', () => {
    expect(resolveStageConfig({ contextStage: 'staging', stages: STAGES })).toMatchObject({
      apiReservedConcurrency: DEFAULT_API_RESERVED_CONCURRENCY,
      tableMaxReadRequestUnits: DEFAULT_TABLE_MAX_READ_UNITS,
      tableMaxWriteRequestUnits: DEFAULT_TABLE_MAX_WRITE_UNITS,
      todoLimitPerUser: TODO_LIMIT_PER_USER_DEFAULT,
      webAcl: false,
      webAclRateLimit: DEFAULT_WEB_ACL_RATE_LIMIT,
    });
    expect(resolveStageConfig({ contextStage: 'staging', stages: STAGES }).alarmEmail).toBeUndefined();
    const declared = { big: { apiReservedConcurrency: 500, tableMaxReadRequestUnits: 9000, tableMaxWriteRequestUnits: 3000, todoLimitPerUser: 500, webAcl: true, webAclRateLimit: 300 } };
    expect(resolveStageConfig({ contextStage: 'big', stages: declared })).toMatchObject(declared.big);
    expect(resolveStageConfig({ contextStage: 'x', stages: { x: { apiReservedConcurrency: false } } }).apiReservedConcurrency).toBe(false);
  });

  it.each([
    [{ apiReservedConcurrency: 0 }, /apiReservedConcurrency must be a whole number from 1/],
    [{ apiReservedConcurrency: 2.5 }, /apiReservedConcurrency/],
    [{ tableMaxReadRequestUnits: 0 }, /tableMaxReadRequestUnits/],
    [{ tableMaxWriteRequestUnits: -1 }, /tableMaxWriteRequestUnits/],
    [{ webAcl: true, webAclRateLimit: 5 }, /webAclRateLimit must be a whole number from 10/],
    [{ todoLimitPerUser: 0 }, /todoLimitPerUser must be a whole number from 1/],
    [{ alarmEmail: 'not an address' }, /alarmEmail must be one email address/],
    [{ alarmEmail: 'a@example.com,b@example.com' }, /alarmEmail must be one email address/],
  ])('rejects the stage settings %j', (settings, message) => {
    expect(() => resolveStageConfig({ contextStage: 'x', stages: { x: settings } })).toThrow(message);
  });

  it('takes alarmEmail from -c alarmEmail before the stage', () => {
    const stages = { x: { alarmEmail: 'team@example.com' } };
    expect(resolveStageConfig({ contextStage: 'x', stages }).alarmEmail).toBe('team@example.com');
    expect(resolveStageConfig({ contextStage: 'x', stages, contextAlarmEmail: 'me@example.com' }).alarmEmail).toBe('me@example.com');
  });

  it('refuses a web ACL when the deploy region is known and is not us-east-1', () => {
    const stages = { edge: { webAcl: true } };
    expect(() => resolveStageConfig({ contextStage: 'edge', stages, deployRegion: 'eu-central-1' })).toThrow(/us-east-1/);
    expect(resolveStageConfig({ contextStage: 'edge', stages, deployRegion: 'us-east-1' }).webAcl).toBe(true);
    expect(resolveStageConfig({ contextStage: 'edge', stages }).webAcl).toBe(true);
    expect(resolveStageConfig({ contextStage: 'dev', deployRegion: 'eu-central-1' }).webAcl).toBe(false);
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
