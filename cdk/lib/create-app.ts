import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveStageConfig, stackNameFor } from './stage-config';
import { TodosStack, type TodosStackProps } from './todos-stack';

export interface CreateAppOptions {
  readonly appProps?: AppProps;
  readonly env?: NodeJS.ProcessEnv;
  readonly stackProps?: Pick<TodosStackProps, 'apiEntry' | 'clientDist'>;
}

/** Kept apart from bin/app.ts (which synthesizes on import) so tests can build the real app. */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: TodosStack } {
  const app = new App(options.appProps);
  const env = options.env ?? process.env;

  const config = resolveStageConfig({
    contextStage: app.node.tryGetContext('stage'),
    envStage: env.STAGE,
    contextDomainName: app.node.tryGetContext('domainName'),
    contextCertificateArn: app.node.tryGetContext('certificateArn'),
  });

  const stack = new TodosStack(app, stackNameFor(config.stage), {
    config,
    description: `Todos app (${config.stage}): DynamoDB, tRPC Lambda, CloudFront + S3`,
    ...options.stackProps,
  });

  // cdk-nag 3 is a CDK validation plugin (not an Aspect as in v2): it runs after synthesis and any
  // unacknowledged finding, warning or error, fails `cdk synth`/`cdk deploy`. Acknowledgements
  // (Validations.of(construct).acknowledge) sit next to the constructs they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

  return { app, stack };
}
