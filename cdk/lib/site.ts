import { ArnFormat, Aws, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  FunctionEventType,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  FunctionUrlOriginAccessControl,
  S3OriginAccessControl,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDelivery, CfnDeliveryDestination, CfnDeliverySource, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EmptyBucketOnDelete } from './empty-bucket-on-delete';
import { regionUniqueName } from './region-unique-name';
import { SecurityHeadersPolicy } from './security-headers-policy';
import { SiteContent } from './site-content';
import { SpaRewriteFunction } from './spa-rewrite-function';
import { ViewerAuthorizationFunction } from './viewer-authorization-function';
import { SiteWebAcl } from './web-acl';
import type { CustomDomain } from './stage-config';

/** The API handler serves tRPC under this prefix (it strips it itself), so CloudFront forwards paths unchanged. */
export const API_PATH_PATTERN = '/trpc/*';

/** How long a replaced or pruned site file stays restorable (rollback), then the lifecycle rule deletes it. */
export const NONCURRENT_DAYS = 30;
/** Retention of the CloudFront access logs (stage setting accessLogs). */
export const ACCESS_LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface SiteProps {
  readonly apiFunctionUrl: IFunctionUrl;
  readonly clientDist: string;
  readonly removalPolicy: RemovalPolicy;
  /** false: a throwaway stage; the bucket is emptied (all versions) when the stack is deleted. */
  readonly protectData: boolean;
  /** CloudFront standard logging (v2) to CloudWatch Logs (stage setting accessLogs). */
  readonly accessLogs: boolean;
  readonly customDomain?: CustomDomain;
  /** Served as /config.json (no-cache): what the web UI needs to know about this deployment. */
  readonly siteConfig: object;
  /** Identity provider origins the UI fetches from (CSP connect-src). */
  readonly signInOrigins?: readonly string[];
  /** AWS WAF web ACL with a per-IP rate rule (stage settings webAcl / webAclRateLimit); absent: none. */
  readonly webAcl?: { readonly rateLimit: number };
}

/**
 * One CloudFront distribution for UI and API: the browser sees a single origin, so there is no
 * CORS and no preflight (the tRPC Lambda adapter answers OPTIONS with 415 anyway).
 */
export class Site extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  public readonly content: SiteContent;
  public readonly apiCachePolicy: CachePolicy;
  public readonly accessLogGroup?: LogGroup;
  public readonly webAcl?: SiteWebAcl;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);

    // Private bucket, readable only by this distribution through OAC; no S3 website hosting
    // (that would need a public bucket and serves HTTP only).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
      // Every overwrite or prune keeps the previous object as a noncurrent version: a bad deploy
      // can be rolled back file by file (README "How to roll back"), for NONCURRENT_DAYS.
      versioned: true,
      lifecycleRules: [
        {
          id: 'ExpireOldSiteVersions',
          // Replaced index.html/config.json and pruned (stale) hashed assets.
          noncurrentVersionExpiration: Duration.days(NONCURRENT_DAYS),
          // Once their last old version is gone, delete markers are removed too.
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    if (!props.protectData) {
      // A bucket must be empty (all versions) before CloudFormation can delete it. Not
      // autoDeleteObjects: see empty-bucket-on-delete.ts.
      new EmptyBucketOnDelete(this, 'EmptyOnDelete', { bucket: this.bucket, removalPolicy: props.removalPolicy });
    }
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Server access logs would record only CloudFront fetching build artifacts: every viewer request reaches this bucket through the distribution, so the distribution is where request logging belongs (see AwsSolutions-CFR3).',
    });

    const spaRewrite = new SpaRewriteFunction(this, 'SpaRewrite');
    const viewerAuthorization = new ViewerAuthorizationFunction(this, 'ViewerAuthorization');
    const securityHeaders = new SecurityHeadersPolicy(this, 'SecurityHeaders', { connectSources: props.signInOrigins ?? [] });
    const custom = props.customDomain;
    if (props.webAcl) {
      this.webAcl = new SiteWebAcl(this, 'Firewall', { rateLimit: props.webAcl.rateLimit, name: `${Stack.of(this).stackName}-site` });
    }

    // API responses: never cached, but compressed. CloudFront compresses only what the cache policy
    // lets it (Accept-Encoding normalised into the key), and not when all three TTLs are 0 (the
    // managed CachingDisabled policy): MaxTTL is 1 s, MinTTL and DefaultTTL 0, and the handler
    // answers `cache-control: no-store`, which CloudFront honours with MinTTL 0 (decision 024).
    // Should anything still be cached for that second, the key holds the caller's token and the
    // whole query string, so it could only be served to the same caller for the same call.
    this.apiCachePolicy = new CachePolicy(this, 'ApiCachePolicy', {
      cachePolicyName: regionUniqueName(this, 128),
      comment: 'Todos API: not cached (origin sends no-store), gzip/brotli compression',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      headerBehavior: CacheHeaderBehavior.allowList('x-viewer-authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });

    // Origin access controls are account-wide names: include the region (decision 023).
    const s3Access = new S3OriginAccessControl(this, 'S3OriginAccess', { originAccessControlName: regionUniqueName(this, 64) });
    const apiAccess = new FunctionUrlOriginAccessControl(this, 'ApiOriginAccess', { originAccessControlName: regionUniqueName(this, 64) });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Todos app: UI (S3) and tRPC API (Lambda Function URL)',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges only: the cheapest class; other viewers are served from those.
      priceClass: PriceClass.PRICE_CLASS_100,
      // WAFv2 web ACLs are attached by ARN.
      ...(this.webAcl ? { webAclId: this.webAcl.webAcl.attrArn } : {}),
      ...(custom
        ? {
            domainNames: [custom.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl: s3Access }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders.policy,
        compress: true,
        functionAssociations: [{ function: spaRewrite.function, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          // OAC signs each request with SigV4 for the IAM-authenticated Function URL, and the origin
          // adds a Lambda permission scoped to this distribution: nobody else can invoke the URL.
          origin: FunctionUrlOrigin.withOriginAccessControl(props.apiFunctionUrl, { originAccessControl: apiAccess }),
          // HTTPS_ONLY rather than a redirect: a 301 on a POST would make browsers retry as GET.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: this.apiCachePolicy,
          compress: true,
          // Everything except Host: the Function URL must receive its own host name, or the
          // signature and routing fail. Query strings carry tRPC GET inputs and batching. This
          // includes x-viewer-authorization, set by the function below.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders.policy,
          // OAC replaces the viewer's Authorization with its signature; this copies the bearer
          // token to x-viewer-authorization first (decision 016).
          functionAssociations: [{ function: viewerAuthorization.function, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A public todo app has no country-based access requirement; geo restriction would only block legitimate users.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: props.accessLogs
          ? 'Access logs are on, through standard logging v2 (AWS::Logs::DeliverySource/Delivery to a CloudWatch Logs group, see AccessLogs in site.ts); this rule only looks for the legacy Logging property of the distribution.'
          : 'Access logs are off for this stage (stage setting accessLogs, cdk/stages.ts): CloudFront still publishes free request/error metrics, and every API call is in the Lambda log group. Turn accessLogs on for request-level audit.',
      },
    );
    if (!this.webAcl) {
      // With webAcl on, the distribution has a web ACL and this rule passes.
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF is off for this stage (stage setting webAcl, cdk/stages.ts): a web ACL costs about $6/month plus $0.60 per million requests, which a stage that should cost nothing at rest does not carry. Requests are still bounded by the API reserved concurrency and the table maximum throughput, and the Function URL only accepts CloudFront-signed (OAC) calls. Turn webAcl on (us-east-1 only) for a per-IP rate limit.',
      });
    }
    if (props.accessLogs) this.accessLogGroup = this.addAccessLogs(props.removalPolicy);
    if (!custom) {
      // With a custom domain the distribution enforces TLSv1.2_2021 (see above) and this rule passes.
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, for which CloudFront does not allow choosing a security policy. Pass -c domainName=... -c certificateArn=... to get TLSv1.2_2021 as the minimum.',
      });
    }

    this.content = new SiteContent(this, 'Content', {
      bucket: this.bucket,
      distribution: this.distribution,
      clientDist: props.clientDist,
      removalPolicy: props.removalPolicy,
      siteConfig: props.siteConfig,
    });
  }

  /**
   * CloudFront standard logging v2 to a CloudWatch Logs group. CloudFront's delivery source is
   * only accepted in us-east-1, so with accessLogs on the stack must be deployed there (decision
   * 025): elsewhere CloudFormation rejects the delivery source and rolls the deploy back.
   */
  private addAccessLogs(removalPolicy: RemovalPolicy): LogGroup {
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION, removalPolicy });
    const sourceName = `${stack.stackName}-cloudfront-access`;
    // The log delivery service writes to this group only for this account's delivery sources.
    logGroup.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:delivery-source:${sourceName}` },
        },
      }),
    );
    const source = new CfnDeliverySource(this, 'AccessLogSource', {
      name: sourceName,
      logType: 'ACCESS_LOGS',
      resourceArn: stack.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: this.distribution.distributionId }),
    });
    const destination = new CfnDeliveryDestination(this, 'AccessLogDestination', {
      name: `${stack.stackName}-cloudfront-access-logs`,
      destinationResourceArn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      outputFormat: 'json',
    });
    destination.node.addDependency(logGroup);
    const delivery = new CfnDelivery(this, 'AccessLogDelivery', {
      deliverySourceName: source.ref,
      deliveryDestinationArn: destination.attrArn,
    });
    delivery.node.addDependency(source, destination);
    return logGroup;
  }
}
