import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { TODO_LIMIT_PER_USER_DEFAULT } from '../../shared/limits';
import {
  DEFAULT_API_RESERVED_CONCURRENCY,
  DEFAULT_TABLE_MAX_READ_UNITS,
  DEFAULT_TABLE_MAX_WRITE_UNITS,
  DEFAULT_WEB_ACL_RATE_LIMIT,
  resolveStageConfig as resolveBare,
  stackNameFor,
  type StageInputs,
} from './stage-config';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';
/** What a protected stage must be given (decisions 053, 054); example.com addresses only. */
const READY = { contextAlarmEmail: 'alarms@example.com', contextSignUpEmailFrom: 'no-reply@example.com' } as const;
const resolveStageConfig = (inputs: StageInputs) => resolveBare({ ...READY, ...inputs });

describe('resolveStageConfig', () => {
  const STAGES = { dev: { protectData: false }, prod: { protectData: true, accessLogs: true, tracing: true } } as const;

  it('defaults to the dev stage, declared throwaway: DESTROY, no logs, no tracing, no MFA, no reservation, Cognito email', () => {
    const config = resolveBare({ stages: STAGES });
    expect(config).toEqual({
      stage: 'dev',
      protectData: false,
      accessLogs: false,
      tracing: false,
      apiReservedConcurrency: false,
      tableMaxReadRequestUnits: 200,
      tableMaxWriteRequestUnits: 100,
      todoLimitPerUser: 100_000,
      webAcl: false,
      webAclRateLimit: 2000,
      requireMfa: false,
      threatProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  });

  it('reserves no concurrency unless a stage opts in (a new account has no room for a reservation)', () => {
    expect(DEFAULT_API_RESERVED_CONCURRENCY).toBe(false);
    expect(resolveStageConfig({ contextStage: 'staging', stages: STAGES }).apiReservedConcurrency).toBe(false);
    expect(resolveStageConfig({ contextStage: 'big', stages: { big: { apiReservedConcurrency: 50 } } }).apiReservedConcurrency).toBe(50);
  });

  it('bounds every stage by default (200/100 units a second, no WAF) and takes declared limits', () => {
    expect(resolveStageConfig({ contextStage: 'staging', stages: STAGES })).toMatchObject({
      apiReservedConcurrency: DEFAULT_API_RESERVED_CONCURRENCY,
      tableMaxReadRequestUnits: DEFAULT_TABLE_MAX_READ_UNITS,
      tableMaxWriteRequestUnits: DEFAULT_TABLE_MAX_WRITE_UNITS,
      todoLimitPerUser: TODO_LIMIT_PER_USER_DEFAULT,
      webAcl: false,
      webAclRateLimit: DEFAULT_WEB_ACL_RATE_LIMIT,
    });
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
    const stages = { x: { alarmEmail: 'ok@example.com', ...settings } };
    expect(() => resolveBare({ contextStage: 'x', contextSignUpEmailFrom: 'no-reply@example.com', stages })).toThrow(message);
  });

  it('takes alarmEmail from -c alarmEmail before the stage', () => {
    const stages = { x: { alarmEmail: 'team@example.com', signUpEmail: { from: 'no-reply@example.com' } } };
    expect(resolveBare({ contextStage: 'x', stages }).alarmEmail).toBe('team@example.com');
    expect(resolveBare({ contextStage: 'x', stages, contextAlarmEmail: 'me@example.com' }).alarmEmail).toBe('me@example.com');
  });

  it('fails synth of a protected stage without alarmEmail, naming the setting (no stage deploys unwatched)', () => {
    const message = /Stage "staging" is protected but has no alarmEmail: its alarms would notify no one\. Set alarmEmail in cdk\/stages\.ts or pass -c alarmEmail=/;
    expect(() => resolveBare({ contextStage: 'staging', contextSignUpEmailFrom: 'no-reply@example.com', stages: STAGES })).toThrow(message);
    expect(() => resolveBare({ contextStage: 'prod', contextSignUpEmailFrom: 'no-reply@example.com', stages: STAGES })).toThrow(/"prod" is protected but has no alarmEmail/);
    // A throwaway stage may go without: its alarms still reach the topic (AlarmTopicArn output).
    expect(resolveBare({ contextStage: 'dev', stages: STAGES }).alarmEmail).toBeUndefined();
  });

  it('fails synth of a protected stage without an SES sender for sign-up email, naming the setting', () => {
    expect(() => resolveBare({ contextStage: 'prod', contextAlarmEmail: 'alarms@example.com', stages: STAGES })).toThrow(
      /Stage "prod" is protected and anyone can sign up, but it has no signUpEmail: Cognito's own sender stops after about 50 emails a day.*Set signUpEmail: \{ from: .* in cdk\/stages\.ts .* or pass -c signUpEmailFrom=/,
    );
    expect(resolveBare({ contextStage: 'dev', stages: STAGES }).signUpEmail).toBeUndefined();
  });

  it('takes signUpEmail from the stage, and its address from -c signUpEmailFrom', () => {
    const declared = { from: 'hello@example.com', fromName: 'Todos', verifiedDomain: 'example.com' };
    const stages = { x: { alarmEmail: 'a@example.com', signUpEmail: declared } };
    expect(resolveBare({ contextStage: 'x', stages }).signUpEmail).toEqual(declared);
    expect(resolveBare({ contextStage: 'x', stages, contextSignUpEmailFrom: 'no-reply@example.com' }).signUpEmail).toEqual({ ...declared, from: 'no-reply@example.com' });
    expect(() => resolveBare({ contextStage: 'x', stages, contextSignUpEmailFrom: 'no-reply@other.example' })).toThrow(/must be an address of signUpEmail.verifiedDomain/);
    expect(() => resolveBare({ contextStage: 'x', stages, contextSignUpEmailFrom: 'nobody' })).toThrow(/signUpEmail.from must be one email address/);
  });

  it('requires MFA on protected stages, not on throwaway ones, unless a stage says otherwise; threat protection is opt-in', () => {
    expect(resolveStageConfig({ contextStage: 'prod', stages: STAGES })).toMatchObject({ requireMfa: true, threatProtection: false });
    expect(resolveStageConfig({ contextStage: 'staging', stages: STAGES }).requireMfa).toBe(true);
    expect(resolveStageConfig({ contextStage: 'dev', stages: STAGES }).requireMfa).toBe(false);
    expect(resolveStageConfig({ contextStage: 'x', stages: { x: { requireMfa: false, threatProtection: true } } })).toMatchObject({ requireMfa: false, threatProtection: true });
  });

  it('refuses access logs when the deploy region is known and CloudFront delivers no logs to its buckets (opt-in regions)', () => {
    expect(() => resolveStageConfig({ contextStage: 'prod', stages: STAGES, deployRegion: 'af-south-1' })).toThrow(
      /accessLogs on, but the deploy region af-south-1 is an opt-in region, and CloudFront does not deliver access logs to S3 buckets there/,
    );
    expect(resolveStageConfig({ contextStage: 'prod', stages: STAGES, deployRegion: 'eu-west-1' }).accessLogs).toBe(true);
    expect(resolveStageConfig({ contextStage: 'prod', stages: STAGES, deployRegion: 'af-south-1', contextAccessLogs: 'false' }).accessLogs).toBe(false);
  });

  it('refuses a web ACL when the deploy region is known and is not us-east-1', () => {
    const stages = { edge: { webAcl: true } };
    expect(() => resolveStageConfig({ contextStage: 'edge', stages, deployRegion: 'eu-central-1' })).toThrow(/us-east-1/);
    expect(resolveStageConfig({ contextStage: 'edge', stages, deployRegion: 'us-east-1' }).webAcl).toBe(true);
    expect(resolveStageConfig({ contextStage: 'edge', stages }).webAcl).toBe(true);
    expect(resolveStageConfig({ contextStage: 'dev', stages: STAGES, deployRegion: 'eu-central-1' }).webAcl).toBe(false);
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

  it('ships cdk/stages.ts with dev throwaway and prod protected, neither reserving concurrency', async () => {
    const { STAGES: shipped } = await import('../stages');
    expect(resolveStageConfig({ contextStage: 'dev', stages: shipped }).protectData).toBe(false);
    expect(resolveStageConfig({ contextStage: 'prod', stages: shipped }).protectData).toBe(true);
    expect(resolveStageConfig({ contextStage: 'staging', stages: shipped }).protectData).toBe(true);
    for (const stage of Object.keys(shipped)) expect(resolveStageConfig({ contextStage: stage, stages: shipped }).apiReservedConcurrency, stage).toBe(false);
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
