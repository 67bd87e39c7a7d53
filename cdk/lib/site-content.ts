import { existsSync } from 'node:fs';
import path from 'node:path';
import { DefaultStackSynthesizer, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

export const PLACEHOLDER_HTML =
  '<!doctype html><meta charset="utf-8"><title>Todos</title><p>The web client was not built when this stack was synthesized. Run <code>npm run build:client</code>, then deploy again.</p>';

// Vite writes content-hashed file names under assets/: a changed file gets a new name, so these
// can be cached for a year. Everything else (index.html, public/ files) keeps its name across
// builds and must be revalidated, or browsers keep an index.html that points at old chunks.
const HASHED_PREFIX = 'assets/';
const IMMUTABLE = CacheControl.fromString('public, max-age=31536000, immutable');
const REVALIDATE = CacheControl.fromString('no-cache');

/** Deployment settings for the web UI, generated from the stack (no hand-copied IDs). */
export const SITE_CONFIG_FILE = 'config.json';

export interface SiteContentProps {
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  /** The Vite output folder (client/dist); a placeholder page is deployed if it has no index.html. */
  readonly clientDist: string;
  readonly removalPolicy: RemovalPolicy;
  /** Written to /config.json; may contain deploy-time values (pool and client IDs). */
  readonly siteConfig: object;
}

export class SiteContent extends Construct {
  /** True when client/dist/index.html existed at synth time. */
  public readonly usesBuiltClient: boolean;
  public readonly deployments: readonly BucketDeployment[];

  constructor(scope: Construct, id: string, props: SiteContentProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    // Own role for the deployment Lambda instead of the default one with AWSLambdaBasicExecutionRole
    // (write access to every log group in the account): this one may write to its own group only.
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'S3 BucketDeployment handler for the todos site',
    });
    logGroup.grantWrite(role);

    // Part of the same deployment as index.html (the last source, so it wins over any config.json
    // in client/dist): uploaded together, revalidated (no-cache), and never removed by that
    // deployment's prune.
    const siteConfig = Source.jsonData(SITE_CONFIG_FILE, props.siteConfig);

    this.usesBuiltClient = existsSync(path.join(props.clientDist, 'index.html'));
    this.deployments = this.usesBuiltClient
      ? this.deployBuiltClient(props, siteConfig, role, logGroup)
      : [
          // Synth must work on a fresh checkout (CI, `npm run synth` before any build): deploy a page
          // that says what to do instead of failing.
          new BucketDeployment(this, 'Placeholder', {
            sources: [Source.data('index.html', PLACEHOLDER_HTML), siteConfig],
            destinationBucket: props.bucket,
            cacheControl: [REVALIDATE],
            distribution: props.distribution,
            distributionPaths: ['/*'],
            role,
            logGroup,
          }),
        ];

    this.acknowledgeLibraryPermissions(role, props.bucket);
  }

  private deployBuiltClient(props: SiteContentProps, siteConfig: ISource, role: Role, logGroup: LogGroup): BucketDeployment[] {
    const source = Source.asset(props.clientDist);

    // prune: false keeps the chunks of the previous build, so a browser that still runs the old
    // index.html can lazy-load them during and after a deploy. They are a few hundred KB each build.
    const hashed = new BucketDeployment(this, 'HashedAssets', {
      sources: [source],
      destinationBucket: props.bucket,
      exclude: ['*'],
      include: [`${HASHED_PREFIX}*`],
      prune: false,
      cacheControl: [IMMUTABLE],
      role,
      logGroup,
    });

    // Uploaded after the hashed assets so index.html never references a chunk that is not there
    // yet. Pruning here deletes stale non-hashed files; `exclude` protects assets/ from that prune.
    const entry = new BucketDeployment(this, 'Entry', {
      sources: [source, siteConfig],
      destinationBucket: props.bucket,
      exclude: [`${HASHED_PREFIX}*`],
      prune: true,
      cacheControl: [REVALIDATE],
      distribution: props.distribution,
      distributionPaths: ['/*'],
      role,
      logGroup,
    });
    entry.node.addDependency(hashed);

    return [hashed, entry];
  }

  /**
   * BucketDeployment adds these grants itself and offers no way to narrow them; they are scoped to
   * the CDK asset bucket and the site bucket, and the handler runs only during deployments.
   */
  private acknowledgeLibraryPermissions(role: Role, bucket: IBucket): void {
    const stack = Stack.of(this);
    const assetBucket = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    const siteBucketLogicalId = stack.getLogicalId(bucket.node.defaultChild as CfnBucket);
    const prefixReason =
      'Granted by BucketDeployment (grantRead on the CDK asset bucket, grantReadWrite on the site bucket): the handler runs `aws s3 sync`, which needs the object-level action families; the resources are limited to those two buckets.';
    Validations.of(role).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: prefixReason,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${assetBucket}/*]`,
        reason: 'Read access to the objects of the CDK bootstrap asset bucket, where the zipped site is staged.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${siteBucketLogicalId}.Arn>/*]`,
        reason: 'The deployment writes and prunes every object of the site bucket: that is its job.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudfront:CreateInvalidation/GetInvalidation on "*" is added by BucketDeployment; the handler only invalidates the distribution passed to it, after each deploy.',
      },
    );

    // The handler is a singleton created at stack level, outside this construct.
    for (const child of stack.node.children) {
      if (child instanceof LambdaFunction && child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason: "The BucketDeployment handler's Python runtime is chosen by aws-cdk-lib, is not configurable, and moves forward when the library is upgraded; it runs only during deployments.",
        });
      }
    }
  }
}
