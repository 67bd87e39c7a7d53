/**
 * The AWS rules a first deploy meets that `cdk synth`, the CDK assertions and cdk-nag do not
 * check: names that must be unique per account (or region, or everywhere), name lengths and
 * character sets, features only us-east-1 accepts, and the quotas of a new account. Each rule
 * says in one line what AWS does when it is broken and names the AWS documentation page it comes
 * from. first-deploy-rehearsal.test.ts synthesizes every declared stage for several regions,
 * as if all were deployed into one new account, and runs every rule over them (decision 058).
 *
 * Add a rule here when a deploy fails for a reason a template shows; the test then also needs a
 * template fragment that breaks it.
 */
import { NO_CLOUDFRONT_LOG_DELIVERY_REGIONS, WEB_ACL_REGION } from '../lib/stage-config';
import type { DeployTarget, ResolvedResource } from './resolve-template';

export interface FirstDeployRule {
  readonly id: string;
  /** What AWS does when the rule is broken, in one line. */
  readonly reason: string;
  /** The title of the AWS documentation page the rule comes from. */
  readonly source: string;
  /** Every violation across the targets, all deployed into the one account NEW_ACCOUNT describes. */
  check(targets: readonly DeployTarget[]): string[];
}

/** What the rehearsal assumes of the account: a new one, with the quotas AWS gives new accounts. */
export const NEW_ACCOUNT = {
  /** Lambda concurrent executions per region: often 10 in a new account (1,000 is the usual default later). */
  lambdaConcurrentExecutions: 10,
} as const;

/** Lambda keeps this many executions unreserved, or all of them where the quota is lower. */
const LAMBDA_MIN_UNRESERVED = 100;
/** A marker (a value that only exists after deploy, such as an ARN) counts as this many characters. */
const MARKER_LENGTH = 128;
const MARKER = /«[^»]*»/g;

interface Found {
  readonly target: DeployTarget;
  readonly id: string;
  readonly resource: ResolvedResource;
}

function resourcesOf(targets: readonly DeployTarget[], type: string): Found[] {
  return targets.flatMap((target) =>
    Object.entries(target.template.Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => ({ target, id, resource })),
  );
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? ''));

const where = ({ target, id }: Pick<Found, 'target' | 'id'>): string => `${target.stackName} in ${target.region}: ${id}`;

/** Where a name must be unique: the whole account, one region of it, one region across every account, or everywhere. */
type NameScope = 'account' | 'region' | 'region, across all accounts' | 'all of AWS';

interface NameRule {
  readonly type: string;
  readonly what: string;
  readonly path: readonly string[];
  readonly scope: NameScope | ((properties: Record<string, unknown>) => NameScope);
  readonly minLength?: number;
  readonly maxLength: number;
  readonly pattern: RegExp;
  readonly reason: string;
  readonly source: string;
}

function nameRule(spec: NameRule): FirstDeployRule {
  return {
    id: `name: ${spec.what}`,
    reason: spec.reason,
    source: spec.source,
    check(targets) {
      const violations: string[] = [];
      const seen = new Map<string, string>();
      for (const found of resourcesOf(targets, spec.type)) {
        const properties = found.resource.Properties ?? {};
        const name = at(properties, spec.path);
        if (name === undefined) continue; // CloudFormation generates a unique name.
        if (typeof name !== 'string') {
          violations.push(`${where(found)}: ${spec.what} name does not resolve to a string: ${JSON.stringify(name)}`);
          continue;
        }
        const concrete = name.replace(MARKER, 'x'.repeat(MARKER_LENGTH));
        if (concrete.length > spec.maxLength || concrete.length < (spec.minLength ?? 1)) {
          violations.push(`${where(found)}: ${spec.what} name "${name}" is ${concrete.length} characters; allowed ${spec.minLength ?? 1} to ${spec.maxLength}`);
        }
        if (!spec.pattern.test(name.replace(MARKER, 'x'))) {
          violations.push(`${where(found)}: ${spec.what} name "${name}" does not match ${String(spec.pattern)}`);
        }
        const scope = typeof spec.scope === 'function' ? spec.scope(properties) : spec.scope;
        const key = scope === 'region' || scope === 'region, across all accounts' ? `${found.target.region}/${name}` : name;
        const other = seen.get(key);
        if (other !== undefined) violations.push(`${where(found)}: ${spec.what} name "${name}" is already taken by ${other} (unique per ${scope})`);
        else seen.set(key, where(found));
      }
      return violations;
    },
  };
}

const CLOUDFRONT_POLICY_NAME = /^[\w-]+$/;

const NAME_RULES: readonly FirstDeployRule[] = [
  nameRule({
    type: 'AWS::CloudFront::OriginAccessControl',
    what: 'CloudFront origin access control',
    path: ['OriginAccessControlConfig', 'Name'],
    scope: 'account',
    maxLength: 64,
    pattern: /^.+$/,
    reason: 'OAC names are unique per account: creating a second one with a taken name fails (OriginAccessControlAlreadyExists) and rolls the stack back.',
    source: 'CreateOriginAccessControl - Amazon CloudFront',
  }),
  nameRule({
    type: 'AWS::CloudFront::CachePolicy',
    what: 'CloudFront cache policy',
    path: ['CachePolicyConfig', 'Name'],
    scope: 'account',
    maxLength: 128,
    pattern: CLOUDFRONT_POLICY_NAME,
    reason: 'Cache policy names are unique per account (CachePolicyAlreadyExists).',
    source: 'CreateCachePolicy - Amazon CloudFront',
  }),
  nameRule({
    type: 'AWS::CloudFront::OriginRequestPolicy',
    what: 'CloudFront origin request policy',
    path: ['OriginRequestPolicyConfig', 'Name'],
    scope: 'account',
    maxLength: 128,
    pattern: CLOUDFRONT_POLICY_NAME,
    reason: 'Origin request policy names are unique per account (OriginRequestPolicyAlreadyExists).',
    source: 'CreateOriginRequestPolicy - Amazon CloudFront',
  }),
  nameRule({
    type: 'AWS::CloudFront::ResponseHeadersPolicy',
    what: 'CloudFront response headers policy',
    path: ['ResponseHeadersPolicyConfig', 'Name'],
    scope: 'account',
    maxLength: 128,
    pattern: CLOUDFRONT_POLICY_NAME,
    reason: 'Response headers policy names are unique per account (ResponseHeadersPolicyAlreadyExists).',
    source: 'CreateResponseHeadersPolicy - Amazon CloudFront',
  }),
  nameRule({
    type: 'AWS::CloudFront::Function',
    what: 'CloudFront function',
    path: ['Name'],
    scope: 'account',
    maxLength: 64,
    pattern: /^[a-zA-Z0-9_-]{1,64}$/,
    reason: 'CloudFront Function names are unique per account (FunctionAlreadyExists), 1-64 letters, digits, hyphens and underscores.',
    source: 'FunctionSummary - Amazon CloudFront',
  }),
  nameRule({
    type: 'AWS::Cognito::UserPoolDomain',
    what: 'Cognito prefix domain',
    path: ['Domain'],
    scope: 'region, across all accounts',
    maxLength: 63,
    pattern: /^(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    reason: 'A Cognito prefix domain is taken for everyone in its region once any account uses it; lower-case letters, digits and hyphens, without "aws", "amazon" or "cognito".',
    source: 'AWS::Cognito::UserPoolDomain - AWS CloudFormation',
  }),
  nameRule({
    type: 'AWS::CloudWatch::Dashboard',
    what: 'CloudWatch dashboard',
    path: ['DashboardName'],
    scope: 'account',
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    reason: 'Dashboards are global to the account: PutDashboard with a taken name replaces the other stack\'s dashboard.',
    source: 'PutDashboard - Amazon CloudWatch',
  }),
  nameRule({
    type: 'AWS::CloudWatch::Alarm',
    what: 'CloudWatch alarm',
    path: ['AlarmName'],
    scope: 'region',
    maxLength: 255,
    pattern: /^[\x20-\x7E]+$/,
    reason: 'Alarm names are unique per account and region: a second stack would overwrite the first one\'s alarm.',
    source: 'PutMetricAlarm - Amazon CloudWatch',
  }),
  nameRule({
    type: 'AWS::WAFv2::WebACL',
    what: 'WAF web ACL',
    path: ['Name'],
    scope: (properties) => (properties.Scope === 'CLOUDFRONT' ? 'account' : 'region'),
    maxLength: 128,
    pattern: /^[\w-]+$/,
    reason: 'Web ACL names are unique per scope: CLOUDFRONT web ACLs share one (global) scope per account (WAFDuplicateItemException).',
    source: 'CreateWebACL - AWS WAFV2',
  }),
  nameRule({
    type: 'AWS::IAM::Role',
    what: 'IAM role',
    path: ['RoleName'],
    scope: 'account',
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    reason: 'IAM is global: role names are unique per account, at most 64 characters.',
    source: 'IAM and AWS STS quotas - AWS Identity and Access Management',
  }),
  nameRule({
    type: 'AWS::Lambda::Function',
    what: 'Lambda function',
    path: ['FunctionName'],
    scope: 'region',
    maxLength: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    reason: 'Function names are unique per account and region, at most 64 characters.',
    source: 'CreateFunction - AWS Lambda',
  }),
  nameRule({
    type: 'AWS::Logs::LogGroup',
    what: 'CloudWatch Logs log group',
    path: ['LogGroupName'],
    scope: 'region',
    maxLength: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    reason: 'Log group names are unique per account and region (ResourceAlreadyExistsException), up to 512 characters.',
    source: 'CreateLogGroup - Amazon CloudWatch Logs',
  }),
  nameRule({
    type: 'AWS::SNS::Topic',
    what: 'SNS topic',
    path: ['TopicName'],
    scope: 'region',
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    reason: 'Topic names are unique per account and region, up to 256 letters, digits, hyphens and underscores.',
    source: 'CreateTopic - Amazon Simple Notification Service',
  }),
  nameRule({
    type: 'AWS::S3::Bucket',
    what: 'S3 bucket',
    path: ['BucketName'],
    scope: 'all of AWS',
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    reason: 'General purpose bucket names are unique across all accounts in the partition, 3-63 lower-case characters.',
    source: 'General purpose bucket naming rules - Amazon Simple Storage Service',
  }),
  nameRule({
    type: 'AWS::DynamoDB::GlobalTable',
    what: 'DynamoDB table',
    path: ['TableName'],
    scope: 'region',
    minLength: 3,
    maxLength: 255,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    reason: 'Table names are unique per account and region, 3-255 characters.',
    source: 'Supported data types and naming rules in Amazon DynamoDB - Amazon DynamoDB',
  }),
];

type Distribution = {
  DefaultCacheBehavior?: Behavior;
  CacheBehaviors?: Behavior[];
  Logging?: unknown;
  ViewerCertificate?: { AcmCertificateArn?: unknown };
};
type Behavior = { PathPattern?: string; FunctionAssociations?: { EventType?: string }[]; LambdaFunctionAssociations?: unknown[] };

function distributionConfig(resource: ResolvedResource): Distribution {
  const value = resource.Properties?.DistributionConfig;
  return typeof value === 'object' && value !== null ? value : {};
}

const distributions = (targets: readonly DeployTarget[]) =>
  resourcesOf(targets, 'AWS::CloudFront::Distribution').map((found) => ({
    found,
    config: distributionConfig(found.resource),
  }));
const behaviorsOf = (config: Distribution): Behavior[] => [...(config.DefaultCacheBehavior ? [config.DefaultCacheBehavior] : []), ...(config.CacheBehaviors ?? [])];

function rule(id: string, reason: string, source: string, check: (targets: readonly DeployTarget[]) => string[]): FirstDeployRule {
  return { id, reason, source, check };
}

function perAccountCount(id: string, type: string, limit: number, what: string): FirstDeployRule {
  return rule(id, `An account holds at most ${limit} ${what}; one more fails the create.`, 'Quotas - Amazon CloudFront', (targets) => {
    const count = resourcesOf(targets, type).length;
    return count > limit ? [`${count} ${what} across ${targets.length} stacks in one account; the quota is ${limit}`] : [];
  });
}

const OTHER_RULES: readonly FirstDeployRule[] = [
  rule(
    'stack name',
    'Stack names are unique per account and region: 1-128 characters, a letter first, then letters, digits and hyphens.',
    'CreateStack - AWS CloudFormation',
    (targets) => {
      const violations: string[] = [];
      const seen = new Set<string>();
      for (const target of targets) {
        if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(target.stackName)) violations.push(`stack name "${target.stackName}" is not a valid stack name`);
        const key = `${target.region}/${target.stackName}`;
        if (seen.has(key)) violations.push(`two stacks named ${target.stackName} in ${target.region}`);
        seen.add(key);
      }
      return violations;
    },
  ),
  rule(
    'us-east-1 only: CloudFront log delivery source',
    'A delivery source for a CloudFront distribution (standard logging v2) can only be created in us-east-1; elsewhere the stack rolls back.',
    'Configure standard logging (v2) - Amazon CloudFront',
    (targets) =>
      resourcesOf(targets, 'AWS::Logs::DeliverySource')
        .filter(({ target, resource }) => target.region !== 'us-east-1' && /cloudfront|Distribution/.test(JSON.stringify(resource.Properties?.ResourceArn ?? '')))
        .map((found) => `${where(found)}: CloudFront delivery source outside us-east-1`),
  ),
  rule(
    'us-east-1 only: CloudFront web ACL',
    'A web ACL with scope CLOUDFRONT must be created in us-east-1.',
    'CreateWebACL - AWS WAFV2',
    (targets) =>
      resourcesOf(targets, 'AWS::WAFv2::WebACL')
        .filter(({ target, resource }) => resource.Properties?.Scope === 'CLOUDFRONT' && target.region !== WEB_ACL_REGION)
        .map((found) => `${where(found)}: CLOUDFRONT-scope web ACL outside ${WEB_ACL_REGION}`),
  ),
  rule(
    'us-east-1 only: certificate for CloudFront',
    'CloudFront only uses ACM certificates requested or imported in us-east-1.',
    'Requirements for using SSL/TLS certificates with CloudFront - Amazon CloudFront',
    (targets) =>
      distributions(targets).flatMap(({ found, config }) => {
        const arn = config.ViewerCertificate?.AcmCertificateArn;
        if (typeof arn !== 'string') return [];
        const inStack = /^«[^:]*:([^».]+)/.exec(arn)?.[1];
        if (inStack !== undefined) {
          const certificate = found.target.template.Resources[inStack];
          return certificate?.Type === 'AWS::CertificateManager::Certificate' && found.target.region !== 'us-east-1'
            ? [`${where(found)}: uses certificate ${inStack}, created in ${found.target.region}`]
            : [];
        }
        return /^arn:aws[a-z-]*:acm:us-east-1:/.test(arn) ? [] : [`${where(found)}: certificate ${arn} is not in us-east-1`];
      }),
  ),
  rule(
    'us-east-1 only: Lambda@Edge',
    'Lambda@Edge functions must be created in us-east-1.',
    'Restrictions on Lambda@Edge - Amazon CloudFront',
    (targets) =>
      distributions(targets)
        .filter(({ found, config }) => found.target.region !== 'us-east-1' && behaviorsOf(config).some((b) => (b.LambdaFunctionAssociations ?? []).length > 0))
        .map(({ found }) => `${where(found)}: Lambda@Edge association outside us-east-1`),
  ),
  rule(
    'access logs: no delivery to opt-in regions',
    'CloudFront does not deliver standard logs (legacy) to S3 buckets in opt-in regions: logs are lost there.',
    'AWSConfigRemediation-EnableCloudFrontAccessLogs - AWS Systems Manager Automation Runbook Reference',
    (targets) =>
      distributions(targets)
        .filter(({ found, config }) => config.Logging !== undefined && NO_CLOUDFRONT_LOG_DELIVERY_REGIONS.includes(found.target.region))
        .map(({ found }) => `${where(found)}: logs to a bucket in ${found.target.region}, where CloudFront does not deliver logs`),
  ),
  rule(
    'quota: reserved concurrency in a new account',
    `Lambda refuses a reservation that leaves fewer than ${LAMBDA_MIN_UNRESERVED} executions unreserved (all of them below that), so with a new account's ${NEW_ACCOUNT.lambdaConcurrentExecutions} none fits.`,
    'Configuring reserved concurrency for a function - AWS Lambda',
    (targets) => {
      const quota = NEW_ACCOUNT.lambdaConcurrentExecutions;
      const reservable = quota - Math.min(LAMBDA_MIN_UNRESERVED, quota);
      const byRegion = new Map<string, { total: number; where: string[] }>();
      for (const found of resourcesOf(targets, 'AWS::Lambda::Function')) {
        const reserved = found.resource.Properties?.ReservedConcurrentExecutions;
        if (typeof reserved !== 'number') continue;
        const entry = byRegion.get(found.target.region) ?? { total: 0, where: [] };
        entry.total += reserved;
        entry.where.push(`${where(found)} (${reserved})`);
        byRegion.set(found.target.region, entry);
      }
      return [...byRegion.entries()]
        .filter(([, entry]) => entry.total > reservable)
        .map(([region, entry]) => `${region}: ${entry.total} reserved executions (${entry.where.join(', ')}) do not fit a quota of ${quota} (${reservable} reservable)`);
    },
  ),
  rule(
    'quota: CloudFront functions per cache behavior',
    'A cache behavior takes at most one CloudFront Function per event type, and only viewer-request and viewer-response.',
    'Quotas - Amazon CloudFront',
    (targets) =>
      distributions(targets).flatMap(({ found, config }) =>
        behaviorsOf(config).flatMap((behavior) => {
          const types = (behavior.FunctionAssociations ?? []).map((association) => association.EventType ?? '');
          const label = `${where(found)} behavior ${behavior.PathPattern ?? '(default)'}`;
          return [
            ...types.filter((type) => type !== 'viewer-request' && type !== 'viewer-response').map((type) => `${label}: CloudFront Function on ${type}`),
            ...(new Set(types).size < types.length ? [`${label}: two CloudFront Functions on one event type`] : []),
          ];
        }),
      ),
  ),
  rule('quota: CloudFront function size', 'A CloudFront Function is at most 10 KB of code.', 'Quotas - Amazon CloudFront', (targets) =>
    resourcesOf(targets, 'AWS::CloudFront::Function')
      .filter(({ resource }) => Buffer.byteLength(asText(resource.Properties?.FunctionCode)) > 10 * 1024)
      .map((found) => `${where(found)}: function code over 10 KB`),
  ),
  perAccountCount('quota: CloudFront functions per account', 'AWS::CloudFront::Function', 100, 'CloudFront Functions'),
  perAccountCount('quota: cache policies per account', 'AWS::CloudFront::CachePolicy', 20, 'custom cache policies'),
  perAccountCount('quota: origin request policies per account', 'AWS::CloudFront::OriginRequestPolicy', 20, 'custom origin request policies'),
  perAccountCount('quota: response headers policies per account', 'AWS::CloudFront::ResponseHeadersPolicy', 20, 'custom response headers policies'),
  rule('quota: cache behaviors per distribution', 'A distribution has at most 75 cache behaviors.', 'Quotas - Amazon CloudFront', (targets) =>
    distributions(targets)
      .filter(({ config }) => behaviorsOf(config).length > 75)
      .map(({ found }) => `${where(found)}: more than 75 cache behaviors`),
  ),
  rule(
    'quota: Lambda environment variables',
    'A function\'s environment variables, names and values together, are at most 4 KB; a larger set fails the create.',
    'Lambda quotas - AWS Lambda',
    (targets) =>
      resourcesOf(targets, 'AWS::Lambda::Function').flatMap((found) => {
        const variables = (at(found.resource.Properties, ['Environment', 'Variables']) ?? {}) as Record<string, unknown>;
        const bytes = Object.entries(variables).reduce(
          (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(String(value).replace(MARKER, 'x'.repeat(MARKER_LENGTH))),
          0,
        );
        return bytes > 4096 ? [`${where(found)}: about ${bytes} bytes of environment variables`] : [];
      }),
  ),
  rule(
    'quota: CloudFormation template',
    'A stack has at most 500 resources and 200 outputs, and a template uploaded through S3 at most 1 MB.',
    'CloudFormation quotas - AWS CloudFormation',
    (targets) =>
      targets.flatMap((target) => [
        ...(Object.keys(target.template.Resources).length > 500 ? [`${target.stackName} in ${target.region}: more than 500 resources`] : []),
        ...(Object.keys(target.template.Outputs ?? {}).length > 200 ? [`${target.stackName} in ${target.region}: more than 200 outputs`] : []),
        ...(target.template.bodyBytes > 1024 * 1024 ? [`${target.stackName} in ${target.region}: template over 1 MB`] : []),
      ]),
  ),
];

export const FIRST_DEPLOY_RULES: readonly FirstDeployRule[] = [...NAME_RULES, ...OTHER_RULES];

/** Every violation of every rule, each prefixed with its rule. */
export function firstDeployViolations(targets: readonly DeployTarget[], rules: readonly FirstDeployRule[] = FIRST_DEPLOY_RULES): string[] {
  return rules.flatMap((r) => r.check(targets).map((violation) => `[${r.id}] ${violation}`));
}
