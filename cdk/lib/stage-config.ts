import { RemovalPolicy } from 'aws-cdk-lib';

const PRODUCTION_STAGES: ReadonlySet<string> = new Set(['prod', 'production']);

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

export interface StageConfig {
  readonly stage: string;
  readonly isProduction: boolean;
  /** Applied to everything that holds data or logs. */
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
  const isProduction = PRODUCTION_STAGES.has(stage);

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
    isProduction,
    // Throwaway stages must disappear completely on `cdk destroy`; production data must
    // survive an accidental stack deletion or a resource replacement.
    removalPolicy: isProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(domainName !== undefined && certificateArn !== undefined ? { customDomain: { domainName, certificateArn } } : {}),
  };
}

export function stackNameFor(stage: string): string {
  return `TodosApp-${stage}`;
}
