import type { RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * What every Lambda function of the stack gets: its own log group with bounded retention
 * (Lambda's implicit group keeps logs forever) and its own role that may write to that group
 * only (the default role attaches AWSLambdaBasicExecutionRole, which allows writing to every
 * log group in the account). Add the function's other permissions to the role.
 */
export function functionLogging(
  scope: Construct,
  options: { description: string; removalPolicy: RemovalPolicy; ids?: { logs: string; role: string } },
): { logGroup: LogGroup; role: Role } {
  const ids = options.ids ?? { logs: 'Logs', role: 'Role' };
  const logGroup = new LogGroup(scope, ids.logs, { retention: RetentionDays.ONE_MONTH, removalPolicy: options.removalPolicy });
  const role = new Role(scope, ids.role, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: options.description });
  logGroup.grantWrite(role);
  return { logGroup, role };
}
