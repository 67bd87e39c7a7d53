import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DefaultStackSynthesizer, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { assertBuiltClient } from './client-build';
import { functionLogging } from './function-logging';

// Vite writes content-hashed file names under assets/: a changed file gets a new name, so these
// can be cached for a year. Everything else (index.html, public/ files) keeps its name across
// builds and must be revalidated, or browsers keep an index.html that points at old chunks.
export const HASHED_PREFIX = 'assets/';
const IMMUTABLE = CacheControl.fromString('public, max-age=31536000, immutable');
const REVALIDATE = CacheControl.fromString('no-cache');

/** Deployment settings for the web UI, generated from the stack (no hand-copied IDs). */
export const SITE_CONFIG_FILE = 'config.json';

/**
 * CloudFront paths to invalidate after a deploy: each top-level file and folder of the build except
 * assets/, plus config.json. SPA routes need nothing more: the viewer-request rewrite makes their
 * cache key /index.html.
 */
export function invalidationPathsFor(clientDist: string): string[] {
  const paths = new Set<string>([`/${SITE_CONFIG_FILE}`]);
  for (const name of readdirSync(clientDist)) {
    if (`${name}/` === HASHED_PREFIX) continue;
    paths.add(statSync(path.join(clientDist, name)).isDirectory() ? `/${name}/*` : `/${name}`);
  }
  return [...paths].sort();
}

export interface SiteContentProps {
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  /** The built web UI (Vite output); synth fails if it has no index.html (no placeholder is ever deployed). */
  readonly clientDist: string;
  readonly removalPolicy: RemovalPolicy;
  /** Written to /config.json; may contain deploy-time values (pool and client IDs). */
  readonly siteConfig: object;
}

export class SiteContent extends Construct {
  public readonly deployments: readonly BucketDeployment[];
  /** What each deploy invalidates: every non-hashed file, never assets/ (edges keep old chunks for old tabs). */
  public readonly invalidationPaths: readonly string[];

  constructor(scope: Construct, id: string, props: SiteContentProps) {
    super(scope, id);

    // Never deploy a site without its UI: the entry deployment prunes, so a missing index.html
    // would delete the live one (decision 021). create-app.ts builds the UI before this runs.
    assertBuiltClient(props.clientDist, 'run `npm run build:client`, or synth through the CDK app, which builds it.');

    // The deployment Lambda's own log group and role (instead of BucketDeployment's defaults).
    const { logGroup, role } = functionLogging(this, {
      description: 'S3 BucketDeployment handler for the todos site',
      removalPolicy: props.removalPolicy,
      ids: { logs: 'DeploymentLogs', role: 'DeploymentRole' },
    });

    // Part of the same deployment as index.html (the last source, so it wins over any config.json
    // in client/dist): uploaded together, revalidated (no-cache), and never removed by that
    // deployment's prune.
    const siteConfig = Source.jsonData(SITE_CONFIG_FILE, props.siteConfig);
    this.invalidationPaths = invalidationPathsFor(props.clientDist);
    this.deployments = this.deploy(props, siteConfig, role, logGroup);

    this.acknowledgeLibraryPermissions(role, props.bucket);
  }

  /**
   * Three steps, each after the previous one:
   * 1. hashed assets (assets/*) are uploaded, nothing deleted: index.html never points at a chunk
   *    that is not there yet;
   * 2. everything else (index.html, config.json, public files) is uploaded, stale non-hashed files
   *    are pruned, and those paths are invalidated;
   * 3. hashed assets the new build no longer references are pruned. The bucket is versioned: a
   *    pruned file becomes a noncurrent version, kept for NONCURRENT_DAYS (rollback), then expired
   *    by the lifecycle rule. CloudFront edges keep serving cached old chunks (not invalidated).
   */
  private deploy(props: SiteContentProps, siteConfig: ISource, role: Role, logGroup: LogGroup): BucketDeployment[] {
    const source = Source.asset(props.clientDist);
    const common = { destinationBucket: props.bucket, role, logGroup };

    const hashed = new BucketDeployment(this, 'HashedAssets', {
      ...common,
      sources: [source],
      exclude: ['*'],
      include: [`${HASHED_PREFIX}*`],
      prune: false,
      cacheControl: [IMMUTABLE],
    });

    // `exclude` also protects assets/ from this deployment's prune.
    const entry = new BucketDeployment(this, 'Entry', {
      ...common,
      sources: [source, siteConfig],
      exclude: [`${HASHED_PREFIX}*`],
      prune: true,
      cacheControl: [REVALIDATE],
      distribution: props.distribution,
      distributionPaths: [...this.invalidationPaths],
    });
    entry.node.addDependency(hashed);

    const pruneHashed = new BucketDeployment(this, 'PruneHashedAssets', {
      ...common,
      sources: [source],
      exclude: ['*'],
      include: [`${HASHED_PREFIX}*`],
      prune: true,
      cacheControl: [IMMUTABLE],
    });
    pruneHashed.node.addDependency(entry);

    return [hashed, entry, pruneHashed];
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
