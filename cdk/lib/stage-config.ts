import { RemovalPolicy } from 'aws-cdk-lib';
import { TODO_LIMIT_PER_USER_DEFAULT } from '../../shared/limits';

// Lower-case only: the stage ends up in the stack name and in tags, and S3/CloudFront
// generated names are lower-case; a short limit keeps generated physical names readable.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export const DEFAULT_STAGE = 'dev';

export interface CustomDomain {
  /** e.g. todos.example.com; the DNS record (CNAME/alias) is created outside this stack. */
  readonly domainName: string;
  /** ACM certificate in us-east-1 (CloudFront only reads certificates from there). */
  readonly certificateArn: string;
}

/** What a stage declares in cdk/stages.ts; anything left out takes the default below. */
export interface StageSettingsInput {
  /**
   * true (the default for every stage): the table, user pool, site bucket and log groups are
   * RETAINed when the stack is deleted or a resource is replaced, and the table and user pool get
   * deletion protection. false: a throwaway stage, `cdk destroy` removes everything, data included.
   */
  readonly protectData?: boolean;
  /**
   * CloudFront access logs: standard logging (legacy) to an S3 bucket of the stack, kept
   * ACCESS_LOG_DAYS days. Works from every region CloudFront delivers to (not the opt-in
   * regions, which synth refuses when it knows the deploy region). Default: same as protectData.
   */
  readonly accessLogs?: boolean;
  /** AWS X-Ray active tracing on the API function. Default: same as protectData. */
  readonly tracing?: boolean;
  /**
   * Opt-in reserved concurrency of the API function: this many executions are set aside for it
   * (other functions in the account cannot starve it) and it never runs more at once (the rest
   * get 429 from Lambda, 503 through CloudFront), which bounds its bill and its load on the table.
   * Lambda refuses a reservation that leaves the account fewer than 100 unreserved executions (all
   * of them where the account's quota is lower, as the 10 of many new accounts), so the account's
   * concurrency quota must be at least this plus 100 (Service Quotas, Lambda, Concurrent
   * executions). Default: false, no reservation, so a new account can deploy (decision 051).
   */
  readonly apiReservedConcurrency?: number | false;
  /** On-demand maximum read request units per second of the table (DynamoDB throttles above). Default: DEFAULT_TABLE_MAX_READ_UNITS. */
  readonly tableMaxReadRequestUnits?: number;
  /** On-demand maximum write request units per second of the table. Default: DEFAULT_TABLE_MAX_WRITE_UNITS. */
  readonly tableMaxWriteRequestUnits?: number;
  /**
   * An AWS WAF web ACL on the CloudFront distribution with a per-IP rate rule. Costs money (about
   * $5 + $1 per rule per month, plus $0.60 per million requests), so it is off unless declared. The
   * web ACL must live in us-east-1 (CloudFront scope): a stage with webAcl on must be deployed there.
   */
  readonly webAcl?: boolean;
  /** Requests per client IP per 5 minutes before WAF blocks that IP (only with webAcl). Default: DEFAULT_WEB_ACL_RATE_LIMIT. */
  readonly webAclRateLimit?: number;
  /**
   * Most todos one user may keep (the function's TODO_LIMIT_PER_USER; creates past it get 403 with
   * the limit in the message). Bounds one partition and one user's share of the bill. Default:
   * TODO_LIMIT_PER_USER_DEFAULT (shared/limits.ts).
   */
  readonly todoLimitPerUser?: number;
  /**
   * Where alarm notifications are emailed (SNS email subscription; confirm the first message).
   * `-c alarmEmail=...` overrides. Required on protected stages: synth fails without it, so no
   * protected stage deploys unwatched (decision 053). Default: none.
   */
  readonly alarmEmail?: string;
  /**
   * How Cognito sends sign-up codes and password resets: through Amazon SES, from an identity
   * verified in SES in this account (decision 054). Required on protected stages, whose sign-up
   * is open to anyone: Cognito's own sender is capped at about 50 emails a day. Without it
   * (throwaway stages) Cognito's default sender is used. `-c signUpEmailFrom=...` sets `from`.
   */
  readonly signUpEmail?: SignUpEmail;
  /**
   * Every user must sign in with a second factor (an authenticator app, TOTP): managed login asks
   * for it at every sign-in after the first and walks the user through setting it up. false: MFA
   * off (password only). Default: same as protectData (decision 055).
   */
  readonly requireMfa?: boolean;
  /**
   * Cognito threat protection (compromised-credential checks, adaptive authentication, enforced):
   * needs the Plus feature plan, billed per monthly active user from the first one. Default: false
   * (decision 055).
   */
  readonly threatProtection?: boolean;
}

/** The SES identity Cognito sends from (UserPoolEmail.withSES). */
export interface SignUpEmail {
  /** The sender address; it, or its domain (verifiedDomain), must be a verified SES identity. */
  readonly from: string;
  /** Shown as the sender's name. */
  readonly fromName?: string;
  readonly replyTo?: string;
  /** Set when the verified SES identity is the domain of `from` rather than the address. */
  readonly verifiedDomain?: string;
  /** The SES region, when not the stack's own (Cognito accepts a few alternates). Default: the stack's region. */
  readonly sesRegion?: string;
}

export type StageSettings = Required<Omit<StageSettingsInput, 'alarmEmail' | 'signUpEmail'>> & Pick<StageSettingsInput, 'alarmEmail' | 'signUpEmail'>;

/** No reservation unless a stage opts in: a new account's concurrency quota (often 10) has no room for one. */
export const DEFAULT_API_RESERVED_CONCURRENCY = false;
export const DEFAULT_TABLE_MAX_READ_UNITS = 200;
export const DEFAULT_TABLE_MAX_WRITE_UNITS = 100;
/** Per IP per 5 minutes: about 6.7 requests a second, far above what one person's browser sends. */
export const DEFAULT_WEB_ACL_RATE_LIMIT = 2_000;
/** The only scope CloudFront accepts a web ACL from. */
export const WEB_ACL_REGION = 'us-east-1';
/**
 * Regions whose S3 buckets CloudFront does not deliver standard logs (legacy) to: the opt-in
 * regions (not enabled by default). A stage with access logs cannot be deployed there.
 */
export const NO_CLOUDFRONT_LOG_DELIVERY_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

export interface StageConfig extends StageSettings {
  readonly stage: string;
  /** Derived from protectData; applied to everything that holds data or logs. */
  readonly removalPolicy: RemovalPolicy;
  readonly customDomain?: CustomDomain;
}

export interface StageInputs {
  /** `-c stage=...` */
  readonly contextStage?: unknown;
  /** `STAGE` environment variable */
  readonly envStage?: string;
  readonly contextDomainName?: unknown;
  readonly contextCertificateArn?: unknown;
  /** `-c protectData=true|false`: only for stages not declared in `stages`. */
  readonly contextProtectData?: unknown;
  /** `-c accessLogs=true|false` */
  readonly contextAccessLogs?: unknown;
  /** `-c tracing=true|false` */
  readonly contextTracing?: unknown;
  /** `-c alarmEmail=...` */
  readonly contextAlarmEmail?: unknown;
  /** `-c signUpEmailFrom=...` */
  readonly contextSignUpEmailFrom?: unknown;
  /**
   * The region the CLI will deploy to, when known at synth (`CDK_DEFAULT_REGION`, set by the CDK CLI
   * from the profile or AWS_REGION). Only used to refuse early what that region cannot take: a web
   * ACL outside us-east-1, access logs in a region CloudFront does not deliver logs to.
   */
  readonly deployRegion?: string;
  /** The declared stages (cdk/stages.ts). */
  readonly stages?: Readonly<Record<string, StageSettingsInput>>;
}

/** Context values from the CLI are strings (`-c tracing=true`); cdk.json and tests may give booleans. */
function optionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context value "${name}" must be true or false, got ${JSON.stringify(value)}`);
}

function integerSetting(stage: string, name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Stage "${stage}": ${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

// Deliberately loose: SNS confirms the address by mail; this only catches obvious typos and lists.
const EMAIL_PATTERN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context value "${name}" must be a string`);
  return value;
}

/** A protected stage must name who hears its alarms (decision 053). */
function alarmAddress(stage: string, protectData: boolean, alarmEmail: string | undefined): string | undefined {
  if (alarmEmail !== undefined && !EMAIL_PATTERN.test(alarmEmail)) {
    throw new Error(`Stage "${stage}": alarmEmail must be one email address, got ${JSON.stringify(alarmEmail)}`);
  }
  if (protectData && alarmEmail === undefined) {
    throw new Error(
      `Stage "${stage}" is protected but has no alarmEmail: its alarms would notify no one. Set alarmEmail in cdk/stages.ts or pass -c alarmEmail=you@example.com (SNS emails a confirmation link first).`,
    );
  }
  return alarmEmail;
}

/** A protected stage, where anyone can sign up, must send through SES (decision 054); `-c signUpEmailFrom` sets the address. */
function signUpSender(stage: string, protectData: boolean, contextFrom: string | undefined, declared: SignUpEmail | undefined): SignUpEmail | undefined {
  const signUpEmail = contextFrom !== undefined ? { ...declared, from: contextFrom } : declared;
  if (signUpEmail !== undefined) {
    for (const [name, value] of [['from', signUpEmail.from], ['replyTo', signUpEmail.replyTo]] as const) {
      if (value !== undefined && !EMAIL_PATTERN.test(value)) {
        throw new Error(`Stage "${stage}": signUpEmail.${name} must be one email address, got ${JSON.stringify(value)}`);
      }
    }
    if (signUpEmail.verifiedDomain !== undefined && !signUpEmail.from.endsWith(`@${signUpEmail.verifiedDomain}`)) {
      throw new Error(`Stage "${stage}": signUpEmail.from (${signUpEmail.from}) must be an address of signUpEmail.verifiedDomain (${signUpEmail.verifiedDomain})`);
    }
  }
  if (protectData && signUpEmail === undefined) {
    throw new Error(
      `Stage "${stage}" is protected and anyone can sign up, but it has no signUpEmail: Cognito's own sender stops after about 50 emails a day, and sign-up codes and password resets stop with it. Set signUpEmail: { from: 'no-reply@your-domain' } in cdk/stages.ts (an address or domain verified in Amazon SES in this account) or pass -c signUpEmailFrom=no-reply@your-domain.`,
    );
  }
  return signUpEmail;
}

export function resolveStageConfig(inputs: StageInputs): StageConfig {
  // Context wins over the environment so that an explicit `-c stage=prod` can never be
  // silently overridden by a STAGE variable left over in the shell.
  const stage =
    optionalString('stage', inputs.contextStage) ?? optionalString('STAGE', inputs.envStage) ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Invalid stage "${stage}": use 1-20 characters, lower-case letters, digits and "-", starting with a letter`);
  }
  const declared = Object.hasOwn(inputs.stages ?? {}, stage) ? inputs.stages?.[stage] : undefined;
  const contextProtectData = optionalBoolean('protectData', inputs.contextProtectData);
  if (declared?.protectData !== undefined && contextProtectData !== undefined && contextProtectData !== declared.protectData) {
    throw new Error(
      `Stage "${stage}" is declared with protectData: ${declared.protectData} in cdk/stages.ts; -c protectData=${contextProtectData} cannot change that (edit cdk/stages.ts on purpose)`,
    );
  }
  // Protected unless explicitly marked throwaway: a typo or a new name never exposes data.
  const protectData = declared?.protectData ?? contextProtectData ?? true;
  const accessLogs = optionalBoolean('accessLogs', inputs.contextAccessLogs) ?? declared?.accessLogs ?? protectData;
  const tracing = optionalBoolean('tracing', inputs.contextTracing) ?? declared?.tracing ?? protectData;

  const reserved: number | false = declared?.apiReservedConcurrency ?? DEFAULT_API_RESERVED_CONCURRENCY;
  // 0 would throttle every request: a kill switch belongs in the console, not in a stage default.
  const apiReservedConcurrency = reserved === false ? false : integerSetting(stage, 'apiReservedConcurrency', reserved, 1, 100_000);
  const tableMaxReadRequestUnits = integerSetting(stage, 'tableMaxReadRequestUnits', declared?.tableMaxReadRequestUnits ?? DEFAULT_TABLE_MAX_READ_UNITS, 1, 10_000_000);
  const tableMaxWriteRequestUnits = integerSetting(stage, 'tableMaxWriteRequestUnits', declared?.tableMaxWriteRequestUnits ?? DEFAULT_TABLE_MAX_WRITE_UNITS, 1, 10_000_000);
  const todoLimitPerUser = integerSetting(stage, 'todoLimitPerUser', declared?.todoLimitPerUser ?? TODO_LIMIT_PER_USER_DEFAULT, 1, 10_000_000);
  const webAcl = declared?.webAcl ?? false;
  // WAF's own bounds for a rate-based rule.
  const webAclRateLimit = integerSetting(stage, 'webAclRateLimit', declared?.webAclRateLimit ?? DEFAULT_WEB_ACL_RATE_LIMIT, 10, 2_000_000_000);
  if (webAcl && inputs.deployRegion !== undefined && inputs.deployRegion !== '' && inputs.deployRegion !== WEB_ACL_REGION) {
    throw new Error(
      `Stage "${stage}" has webAcl: true, but the deploy region is ${inputs.deployRegion}: CloudFront only accepts a web ACL created in ${WEB_ACL_REGION}. Deploy this stage to ${WEB_ACL_REGION} (AWS_REGION=${WEB_ACL_REGION}) or turn webAcl off in cdk/stages.ts.`,
    );
  }
  const knownRegion = inputs.deployRegion !== undefined && inputs.deployRegion !== '' ? inputs.deployRegion : undefined;
  if (accessLogs && knownRegion !== undefined && NO_CLOUDFRONT_LOG_DELIVERY_REGIONS.includes(knownRegion)) {
    throw new Error(
      `Stage "${stage}" has accessLogs on, but the deploy region ${knownRegion} is an opt-in region, and CloudFront does not deliver access logs to S3 buckets there. Deploy this stage to another region or turn accessLogs off (-c accessLogs=false).`,
    );
  }
  const alarmEmail = alarmAddress(stage, protectData, optionalString('alarmEmail', inputs.contextAlarmEmail) ?? declared?.alarmEmail);
  const signUpEmail = signUpSender(stage, protectData, optionalString('signUpEmailFrom', inputs.contextSignUpEmailFrom), declared?.signUpEmail);
  const requireMfa = declared?.requireMfa ?? protectData;
  const threatProtection = declared?.threatProtection ?? false;

  const domainName = optionalString('domainName', inputs.contextDomainName);
  const certificateArn = optionalString('certificateArn', inputs.contextCertificateArn);
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Set both "domainName" and "certificateArn" context values, or neither');
  }
  if (certificateArn !== undefined && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+/.test(certificateArn)) {
    throw new Error('"certificateArn" must be an ACM certificate in us-east-1 (a CloudFront requirement)');
  }

  return {
    stage,
    protectData,
    accessLogs,
    tracing,
    apiReservedConcurrency,
    tableMaxReadRequestUnits,
    tableMaxWriteRequestUnits,
    todoLimitPerUser,
    webAcl,
    webAclRateLimit,
    requireMfa,
    threatProtection,
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(signUpEmail !== undefined ? { signUpEmail } : {}),
    // Throwaway stages must disappear completely on `cdk destroy`; protected data must
    // survive an accidental stack deletion or a resource replacement.
    removalPolicy: protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(domainName !== undefined && certificateArn !== undefined ? { customDomain: { domainName, certificateArn } } : {}),
  };
}

export function stackNameFor(stage: string): string {
  return `TodosApp-${stage}`;
}
