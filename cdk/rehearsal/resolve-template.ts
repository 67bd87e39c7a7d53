/**
 * What CloudFormation would make of a synthesized template in one account and region: pseudo
 * parameters (AWS::Region, AWS::AccountId, AWS::StackId, ...) replaced and the intrinsic functions
 * CDK emits for names (Fn::Join, Fn::Select, Fn::Split, Fn::Sub) evaluated, so the rehearsal can
 * compare the physical names two stacks would create. What only exists after a deploy (a Ref to a
 * resource, Fn::GetAtt) becomes an opaque marker unique to that stack and resource: two such values
 * never collide, exactly as two physical resources do not.
 */
import { createHash } from 'node:crypto';

export const REHEARSAL_ACCOUNT = '123456789012';

export interface DeployTarget {
  readonly stage: string;
  readonly region: string;
  readonly stackName: string;
  /** The template with pseudo parameters and name-building intrinsics resolved. */
  readonly template: ResolvedTemplate;
}

export interface ResolvedResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface ResolvedTemplate {
  readonly Resources: Record<string, ResolvedResource>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
  /** Size in bytes of the template as synthesized (what CloudFormation receives). */
  readonly bodyBytes: number;
}

/** A stack ID's last part is a UUID CloudFormation picks: the same for nobody else. */
function stackUuid(stackName: string, region: string): string {
  const hex = createHash('sha256').update(`${stackName}@${region}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Context {
  readonly region: string;
  readonly stackName: string;
}

function pseudo(name: string, context: Context): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return REHEARSAL_ACCOUNT;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::StackId':
      return `arn:aws:cloudformation:${context.region}:${REHEARSAL_ACCOUNT}:stack/${context.stackName}/${stackUuid(context.stackName, context.region)}`;
    case 'AWS::NoValue':
      return undefined;
    default:
      return undefined;
  }
}

const marker = (context: Context, what: string): string => `«${context.stackName}@${context.region}:${what}»`;

function asString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function resolve(value: unknown, context: Context): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, context));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first !== undefined) {
    const [key, argument] = first;
    switch (key) {
      case 'Ref': {
        const name = String(argument);
        return name.startsWith('AWS::') ? pseudo(name, context) : marker(context, name);
      }
      case 'Fn::GetAtt': {
        const [resource, attribute] = Array.isArray(argument) ? (argument as unknown[]) : String(argument).split('.');
        return marker(context, `${String(resource)}.${String(attribute)}`);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        const resolved = resolve(parts, context);
        return (Array.isArray(resolved) ? resolved : [resolved]).map(asString).join(separator);
      }
      case 'Fn::Split': {
        const [separator, source] = argument as [string, unknown];
        return asString(resolve(source, context)).split(separator);
      }
      case 'Fn::Select': {
        const [index, list] = argument as [number | string, unknown];
        const resolved = resolve(list, context);
        return Array.isArray(resolved) ? resolved[Number(index)] : marker(context, 'Fn::Select');
      }
      case 'Fn::Sub': {
        const [text, variables] = (Array.isArray(argument) ? argument : [argument, {}]) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}]+)\}/g, (_all, name: string) => {
          if (Object.hasOwn(variables, name)) return asString(resolve(variables[name], context));
          if (name.startsWith('AWS::')) return pseudo(name, context) ?? '';
          return marker(context, name);
        });
      }
      default:
        if (key.startsWith('Fn::')) return marker(context, key);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, context)]));
}

/** The template of `stackName` as it would deploy to `region` in the rehearsal account. */
export function deployTarget(stage: string, region: string, stackName: string, template: Record<string, unknown>): DeployTarget {
  const context = { region, stackName };
  const body = JSON.stringify(template);
  const resources = (template.Resources ?? {}) as Record<string, unknown>;
  return {
    stage,
    region,
    stackName,
    template: {
      Resources: resolve(resources, context) as Record<string, ResolvedResource>,
      ...(template.Outputs !== undefined && { Outputs: template.Outputs as Record<string, unknown> }),
      ...(template.Parameters !== undefined && { Parameters: template.Parameters as Record<string, unknown> }),
      bodyBytes: Buffer.byteLength(body),
    },
  };
}
