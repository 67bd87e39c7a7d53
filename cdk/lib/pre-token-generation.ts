import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionLogging } from './function-logging';

/**
 * Pre Token Generation trigger, event version V2_0 (the first version that can change ACCESS
 * tokens; it needs the Essentials or Plus feature plan). Cognito access tokens carry only the
 * user's UUID as `username`/`sub`; this adds `email` (and `name` when the user set one) so the
 * API can show who is signed in without calling Cognito. V2_0 is not invoked for client
 * credentials (machine-to-machine) tokens, so service tokens stay as Cognito issues them.
 *
 * Inline CommonJS (`index.js`, handler `index.handler`); no dependencies, no AWS SDK.
 */
export const PRE_TOKEN_GENERATION_CODE = `'use strict';
exports.handler = async function handler(event) {
  var attributes = (event.request && event.request.userAttributes) || {};
  var claims = {};
  if (typeof attributes.email === 'string' && attributes.email !== '') claims.email = attributes.email;
  if (typeof attributes.name === 'string' && attributes.name.trim() !== '') claims.name = attributes.name;
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
};`;

export interface PreTokenGenerationProps {
  readonly removalPolicy: RemovalPolicy;
}

export class PreTokenGeneration extends Construct {
  public readonly function: LambdaFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PreTokenGenerationProps) {
    super(scope, id);

    const { logGroup, role } = functionLogging(this, {
      description: 'Cognito pre token generation trigger: its own log group only',
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;

    this.function = new LambdaFunction(this, 'Function', {
      description: 'Cognito pre token generation (V2_0): email and name into the access token',
      code: Code.fromInline(PRE_TOKEN_GENERATION_CODE),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 128,
      // Cognito waits at most 5 s for a trigger; the code does no I/O.
      timeout: Duration.seconds(3),
      role,
      logGroup: this.logGroup,
    });
  }
}
