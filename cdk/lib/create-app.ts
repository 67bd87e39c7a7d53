import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STAGES } from '../stages';
import { prepareClientDist, type ClientBuilder } from './client-build';
import { resolveStageConfig, stackNameFor, type StageSettingsInput } from './stage-config';
import { TodosStack, type TodosStackProps } from './todos-stack';

export interface CreateAppOptions {
  readonly appProps?: AppProps;
  readonly env?: NodeJS.ProcessEnv;
  /** Without `clientDist`, the UI is built first (or taken from `-c clientDist`), see client-build.ts. */
  readonly stackProps?: Pick<TodosStackProps, 'apiEntry'> & Partial<Pick<TodosStackProps, 'clientDist'>>;
  /** Replaces cdk/stages.ts (tests). */
  readonly stages?: Readonly<Record<string, StageSettingsInput>>;
  /** Replaces the Vite build (tests). */
  readonly buildClient?: ClientBuilder;
}

/** Kept apart from bin/app.ts (which synthesizes on import) so tests can build the real app. */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: TodosStack } {
  const app = new App(options.appProps);
  const env = options.env ?? process.env;
  const context = (key: string): unknown => app.node.tryGetContext(key);

  const config = resolveStageConfig({
    contextStage: context('stage'),
    envStage: env.STAGE,
    contextDomainName: context('domainName'),
    contextCertificateArn: context('certificateArn'),
    contextProtectData: context('protectData'),
    contextAccessLogs: context('accessLogs'),
    contextTracing: context('tracing'),
    contextAlarmEmail: context('alarmEmail'),
    contextSignUpEmailFrom: context('signUpEmailFrom'),
    // The CDK CLI sets this from the profile / AWS_REGION; an environment-agnostic stack deploys there.
    ...(env.CDK_DEFAULT_REGION ? { deployRegion: env.CDK_DEFAULT_REGION } : {}),
    stages: options.stages ?? STAGES,
  });

  const clientDist =
    options.stackProps?.clientDist ??
    prepareClientDist({ contextClientDist: context('clientDist'), ...(options.buildClient ? { build: options.buildClient } : {}) });

  const stack = new TodosStack(app, stackNameFor(config.stage), {
    config,
    description: `Todos app (${config.stage}): DynamoDB, tRPC Lambda, CloudFront + S3`,
    ...options.stackProps,
    clientDist,
  });

  // cdk-nag 3 is a CDK validation plugin (not an Aspect as in v2): it runs after synthesis and any
  // unacknowledged finding, warning or error, fails `cdk synth`/`cdk deploy`. Acknowledgements
  // (Validations.of(construct).acknowledge) sit next to the constructs they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

  return { app, stack };
}
