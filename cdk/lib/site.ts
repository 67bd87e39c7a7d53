import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
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
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EmptyBucketOnDelete } from './empty-bucket-on-delete';
import { API_MOUNT_PATH } from '../../server/deployment-contract';
import { nameAfterRegionAndPath } from './region-unique-name';
import { SecurityHeadersPolicy } from './security-headers-policy';
import { SiteContent } from './site-content';
import { SpaRewriteFunction } from './spa-rewrite-function';
import { ViewerAuthorizationFunction } from './viewer-authorization-function';
import { SiteWebAcl } from './web-acl';
import type { CustomDomain } from './stage-config';

/** The API handler serves tRPC under this prefix (it strips it itself), so CloudFront forwards paths unchanged. */
export const API_PATH_PATTERN = `${API_MOUNT_PATH}/*`;

/** How long a replaced or pruned site file stays restorable (rollback), then the lifecycle rule deletes it. */
export const NONCURRENT_DAYS = 30;
/** How long CloudFront access logs are kept (stage setting accessLogs). */
export const ACCESS_LOG_DAYS = 30;
/** Where in the access-log bucket CloudFront writes its log files. */
export const ACCESS_LOG_PREFIX = 'cloudfront/';

export interface SiteProps {
  readonly apiFunctionUrl: IFunctionUrl;
  readonly clientDist: string;
  readonly removalPolicy: RemovalPolicy;
  /** false: a throwaway stage; the bucket is emptied (all versions) when the stack is deleted. */
  readonly protectData: boolean;
  /** CloudFront standard logging (legacy) to an S3 bucket of the stack (stage setting accessLogs). */
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
  public readonly accessLogBucket?: Bucket;
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
    if (props.accessLogs) this.accessLogBucket = this.addAccessLogBucket(props);
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

    // Cache policy and origin access control names are unique per account: each is named after the
    // region and its own construct path, so no two resources and no two stacks share one (decision 050).
    const s3Access = new S3OriginAccessControl(this, 'S3OriginAccess');
    const apiAccess = new FunctionUrlOriginAccessControl(this, 'ApiOriginAccess');
    nameAfterRegionAndPath(this.apiCachePolicy, 'CachePolicyConfig.Name', 128);
    nameAfterRegionAndPath(s3Access, 'OriginAccessControlConfig.Name', 64);
    nameAfterRegionAndPath(apiAccess, 'OriginAccessControlConfig.Name', 64);

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Todos app: UI (S3) and tRPC API (Lambda Function URL)',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges only: the cheapest class; other viewers are served from those.
      priceClass: PriceClass.PRICE_CLASS_100,
      // WAFv2 web ACLs are attached by ARN.
      ...(this.webAcl ? { webAclId: this.webAcl.webAcl.attrArn } : {}),
      // Standard logging (legacy) to S3: unlike standard logging v2, whose CloudFront delivery
      // source only us-east-1 accepts, it works from the stack's own region (decision 051).
      ...(this.accessLogBucket ? { enableLogging: true, logBucket: this.accessLogBucket, logFilePrefix: ACCESS_LOG_PREFIX } : {}),
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
          // Answers 401 to a request without a bearer token (Lambda never runs for it) and, since OAC
          // replaces the viewer's Authorization with its signature, copies the token to
          // x-viewer-authorization (decisions 016, 052).
          functionAssociations: [{ function: viewerAuthorization.function, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A public todo app has no country-based access requirement; geo restriction would only block legitimate users.',
    });
    if (!props.accessLogs) {
      // With accessLogs on, the distribution logs to S3 and this rule passes.
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR3',
        reason:
          'Access logs are off for this stage (stage setting accessLogs, cdk/stages.ts): CloudFront still publishes free request/error metrics, and every API call is in the Lambda log group. Turn accessLogs on for request-level audit.',
      });
    }
    if (!this.webAcl) {
      // With webAcl on, the distribution has a web ACL and this rule passes.
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF is off for this stage (stage setting webAcl, cdk/stages.ts): a web ACL costs about $6/month plus $0.60 per million requests, which a stage that should cost nothing at rest does not carry. Requests without a bearer token are answered at the edge by a CloudFront Function and never reach Lambda, the table has a maximum throughput, and the Function URL only accepts CloudFront-signed (OAC) calls. Turn webAcl on (us-east-1 only) for a per-IP rate limit.',
      });
    }
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
   * The bucket CloudFront writes its access logs to (standard logging, legacy): private, SSE-S3,
   * TLS only, each log file deleted after ACCESS_LOG_DAYS. CloudFront's log delivery writes through
   * an ACL grant to its own account, so ACLs stay enabled (BUCKET_OWNER_PREFERRED: the bucket owner
   * still owns every object). Delivery is free; the bucket bills S3 storage only. Query it with
   * Athena. Throwaway stages empty it on delete, like the site bucket.
   */
  private addAccessLogBucket(props: SiteProps): Bucket {
    const bucket = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: props.removalPolicy,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(ACCESS_LOG_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the CloudFront access logs; logging the log bucket itself would only record CloudFront delivering log files (and S3 server access logs cannot target their own bucket).',
    });
    if (!props.protectData) {
      new EmptyBucketOnDelete(this, 'EmptyAccessLogsOnDelete', {
        bucket,
        removalPolicy: props.removalPolicy,
        description: 'Empties the todos access-log bucket when a throwaway stack is deleted',
      });
    }
    return bucket;
  }
}
