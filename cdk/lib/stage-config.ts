import { RemovalPolicy } from 'aws-cdk-lib';

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
  /** CloudFront standard logging (v2) to an S3 bucket. Default: same as protectData. */
  readonly accessLogs?: boolean;
  /** AWS X-Ray active tracing on the API function. Default: same as protectData. */
  readonly tracing?: boolean;
}

export type StageSettings = Required<StageSettingsInput>;

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

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context value "${name}" must be a string`);
  return value;
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
    // Throwaway stages must disappear completely on `cdk destroy`; protected data must
    // survive an accidental stack deletion or a resource replacement.
    removalPolicy: protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(domainName !== undefined && certificateArn !== undefined ? { customDomain: { domainName, certificateArn } } : {}),
  };
}

export function stackNameFor(stage: string): string {
  return `TodosApp-${stage}`;
}
