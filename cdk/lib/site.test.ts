import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, resourceById, synthTodos } from '../test-support/synth';
import { CONTENT_SECURITY_POLICY } from './security-headers-policy';
import { PLACEHOLDER_HTML } from './site-content';
import { SPA_REWRITE_CODE } from './spa-rewrite-function';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

function fakeClientDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

interface DistributionConfig {
  readonly DefaultCacheBehavior: Record<string, unknown>;
  readonly CacheBehaviors?: Record<string, unknown>[];
  readonly Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
  readonly [key: string]: unknown;
}

describe('site: bucket, distribution and content', { timeout: 120_000 }, () => {
  const { template, stack } = synthTodos();
  const prod = synthTodos({ context: { stage: 'prod' } }).template;
  const distributionId = onlyLogicalId(template, 'AWS::CloudFront::Distribution');
  const bucketId = onlyLogicalId(template, 'AWS::S3::Bucket');
  const config = (resourceById(template, distributionId) as { Properties: { DistributionConfig: DistributionConfig } })
    .Properties.DistributionConfig;

  describe('bucket', () => {
    it('is private, S3-encrypted, owner-enforced, and not a website', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        WebsiteConfiguration: Match.absent(),
      });
    });

    it('denies non-TLS and pre-TLS-1.2 requests', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          ]),
        },
      });
    });

    it('lets only this distribution read objects (OAC, SourceArn-scoped)', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 's3:GetObject',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: {
                StringEquals: {
                  'AWS:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: distributionId }])] }),
                },
              },
            }),
          ]),
        },
      });
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as {
        Properties: { PolicyDocument: { Statement: { Effect: string; Principal: unknown }[] } };
      }[];
      const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      const allowedPrincipals = statements.filter((st) => st.Effect === 'Allow').map((st) => JSON.stringify(st.Principal));
      expect(allowedPrincipals.length).toBeGreaterThan(0);
      for (const principal of allowedPrincipals) expect(principal).not.toMatch(/"\*"/);
    });

    it('is emptied and deleted with dev, retained in prod', () => {
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
      prod.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
      prod.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });
  });

  describe('distribution', () => {
    it('uses HTTP/2+3, price class 100, index.html as root object, and no error-page rewriting', () => {
      expect(config).toMatchObject({
        Enabled: true,
        HttpVersion: 'http2and3',
        PriceClass: 'PriceClass_100',
        DefaultRootObject: 'index.html',
        IPV6Enabled: true,
      });
      // Error responses would apply to /trpc/* too and turn API 404s into index.html.
      expect(config.CustomErrorResponses).toBeUndefined();
    });

    it('serves the UI from S3 through OAC by default, over HTTPS, cached, with security headers and the SPA rewrite', () => {
      const s3Origin = config.Origins.find((o) => o.S3OriginConfig !== undefined);
      expect(s3Origin).toMatchObject({
        DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/S3OriginAccessControl/), 'Id'] },
      });
      const functionId = onlyLogicalId(template, 'AWS::CloudFront::Function');
      expect(config.DefaultCacheBehavior).toEqual({
        TargetOriginId: s3Origin?.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        Compress: true,
        ResponseHeadersPolicyId: { Ref: onlyLogicalId(template, 'AWS::CloudFront::ResponseHeadersPolicy') },
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }],
      });
    });

    it('sends /trpc/* to the Function URL through OAC, uncached, all methods, HTTPS only', () => {
      expect(config.CacheBehaviors).toHaveLength(1);
      const [api] = config.CacheBehaviors ?? [];
      const apiOrigin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
      const urlId = onlyLogicalId(template, 'AWS::Lambda::Url');
      expect(apiOrigin).toMatchObject({
        DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }] }] },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/FunctionUrlOriginAccessControl/), 'Id'] },
      });
      expect(api).toMatchObject({
        PathPattern: '/trpc/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      });
      // No function on the API path: the SPA rewrite must never touch tRPC requests.
      expect(api?.FunctionAssociations).toBeUndefined();
    });

    it('has one SigV4 always-signing OAC per origin type (S3 and Lambda)', () => {
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
      for (const type of ['s3', 'lambda']) {
        template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
          OriginAccessControlConfig: {
            OriginAccessControlOriginType: type,
            SigningBehavior: 'always',
            SigningProtocol: 'sigv4',
          },
        });
      }
    });

    it('uses the default certificate without a custom domain', () => {
      expect(config.ViewerCertificate).toBeUndefined();
      expect(config.Aliases).toBeUndefined();
    });

    it('enforces TLSv1.2_2021 with SNI when given a custom domain', () => {
      const custom = synthTodos({ context: { domainName: 'todos.example.com', certificateArn: CERT } }).template;
      custom.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['todos.example.com'],
          ViewerCertificate: { AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        }),
      });
    });
  });

  describe('CloudFront Function and headers', () => {
    it('ships the SPA rewrite as a JS 2.0 viewer-request function', () => {
      template.hasResourceProperties('AWS::CloudFront::Function', {
        FunctionCode: SPA_REWRITE_CODE,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
        AutoPublish: true,
      });
    });

    it('sets CSP, HSTS (2 years, subdomains), nosniff, DENY framing and a referrer policy', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
            StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          },
        }),
      });
      expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
      expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-');
    });
  });

  describe('content deployment', () => {
    it('deploys a placeholder page when client/dist has no index.html, and invalidates /*', () => {
      expect(stack.site.content.usesBuiltClient).toBe(false);
      template.resourceCountIs('Custom::CDKBucketDeployment', 1);
      template.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketName: { Ref: bucketId },
        DistributionId: { Ref: distributionId },
        DistributionPaths: ['/*'],
        Prune: true,
        SystemMetadata: { 'cache-control': 'no-cache' },
      });
      expect(PLACEHOLDER_HTML).toContain('npm run build:client');
    });

    it('deploys a built client in two steps: immutable hashed assets first, then the rest with revalidation', () => {
      const built = synthTodos({ clientDist: fakeClientDist() });
      expect(built.stack.site.content.usesBuiltClient).toBe(true);
      const deployments = built.template.findResources('Custom::CDKBucketDeployment');
      expect(Object.keys(deployments)).toHaveLength(2);

      const hashedId = Object.keys(deployments).find((id) => id.includes('HashedAssets'));
      const entryId = Object.keys(deployments).find((id) => id.includes('Entry'));
      expect(hashedId).toBeDefined();
      expect(entryId).toBeDefined();
      expect(deployments[hashedId ?? '']).toMatchObject({
        Properties: {
          Exclude: ['*'],
          Include: ['assets/*'],
          Prune: false,
          SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
        },
      });
      expect(deployments[hashedId ?? '']?.Properties).not.toHaveProperty('DistributionId');
      expect(deployments[entryId ?? '']).toMatchObject({
        Properties: {
          Exclude: ['assets/*'],
          Prune: true,
          SystemMetadata: { 'cache-control': 'no-cache' },
          DistributionPaths: ['/*'],
        },
        DependsOn: expect.arrayContaining([hashedId]) as unknown,
      });
    });

    it('runs the deployment handler with its own role and a 30-day log group', () => {
      const handlers = template.findResources('AWS::Lambda::Function', {
        Properties: { Handler: 'index.handler', Runtime: Match.stringLikeRegexp('^python') },
      });
      const [handler] = Object.values(handlers) as { Properties: { Role: { 'Fn::GetAtt': [string, string] }; LoggingConfig: unknown } }[];
      expect(handler?.Properties.Role['Fn::GetAtt'][0]).toMatch(/^SiteContentDeploymentRole/);
      expect(handler?.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/^SiteContentDeploymentLogs/) as unknown } });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      const role = resourceById(template, handler?.Properties.Role['Fn::GetAtt'][0] ?? '') as { Properties: Record<string, unknown> };
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });
  });
});
