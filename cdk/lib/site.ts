import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionEventType,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecurityHeadersPolicy } from './security-headers-policy';
import { SiteContent } from './site-content';
import { SpaRewriteFunction } from './spa-rewrite-function';
import { ViewerAuthorizationFunction } from './viewer-authorization-function';
import type { CustomDomain } from './stage-config';

/** The API handler serves tRPC under this prefix (it strips it itself), so CloudFront forwards paths unchanged. */
export const API_PATH_PATTERN = '/trpc/*';

export interface SiteProps {
  readonly apiFunctionUrl: IFunctionUrl;
  readonly clientDist: string;
  readonly removalPolicy: RemovalPolicy;
  readonly customDomain?: CustomDomain;
  /** Served as /config.json (no-cache): what the web UI needs to know about this deployment. */
  readonly siteConfig: object;
  /** Identity provider origins the UI fetches from (CSP connect-src). */
  readonly signInOrigins?: readonly string[];
}

/**
 * One CloudFront distribution for UI and API: the browser sees a single origin, so there is no
 * CORS and no preflight (the tRPC Lambda adapter answers OPTIONS with 415 anyway).
 */
export class Site extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  public readonly content: SiteContent;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);

    const destroyable = props.removalPolicy === RemovalPolicy.DESTROY;

    // Private bucket, readable only by this distribution through OAC; no S3 website hosting
    // (that would need a public bucket and serves HTTP only).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
      // A bucket must be empty before CloudFormation can delete it.
      autoDeleteObjects: destroyable,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Server access logs would record only CloudFront fetching build artifacts: every viewer request reaches this bucket through the distribution, so the distribution is where request logging belongs (see AwsSolutions-CFR3).',
    });

    const spaRewrite = new SpaRewriteFunction(this, 'SpaRewrite');
    const viewerAuthorization = new ViewerAuthorizationFunction(this, 'ViewerAuthorization');
    const securityHeaders = new SecurityHeadersPolicy(this, 'SecurityHeaders', { connectSources: props.signInOrigins ?? [] });
    const custom = props.customDomain;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Todos app: UI (S3) and tRPC API (Lambda Function URL)',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges only: the cheapest class; other viewers are served from those.
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(custom
        ? {
            domainNames: [custom.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
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
          origin: FunctionUrlOrigin.withOriginAccessControl(props.apiFunctionUrl),
          // HTTPS_ONLY rather than a redirect: a 301 on a POST would make browsers retry as GET.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
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
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF costs at least ~$6/month per web ACL plus per-request fees, which a reference app that should cost nothing at rest cannot carry; the API needs IAM-signed (OAC) access, so the Function URL itself is not exposed. Attach a web ACL (webAclId) for real production traffic.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard access logs need an extra S3 bucket with ACLs enabled and cost storage per request; CloudFront publishes request/error metrics to CloudWatch for free and every API call is logged by the Lambda (30-day retention). Enable enableLogging + logBucket when request-level audit is required.',
      },
    );
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
}
