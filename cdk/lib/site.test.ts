import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { fakeClientDist, onlyLogicalId, resourceById, synthTodos } from '../test-support/synth';
import { contentSecurityPolicy } from './security-headers-policy';
import { SPA_REWRITE_CODE } from './spa-rewrite-function';
import { API_VIEWER_REQUEST_CODE } from '../../server/edge/api-viewer-request';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

/** config.json as the web UI expects it, in terms of this template's resources. */
function expectedConfig(template: Template): unknown {
  const poolId = onlyLogicalId(template, 'AWS::Cognito::UserPool');
  const domainId = onlyLogicalId(template, 'AWS::Cognito::UserPoolDomain');
  const [webId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'web' } }));
  const [cliId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'cli' } }));
  const managedLogin = (pathname: string) => ({ 'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, `.amazoncognito.com${pathname}`]] });
  return {
    auth: {
      authority: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      clientId: { Ref: webId },
      cliClientId: { Ref: cliId },
      scope: 'openid email profile todos/read todos/write',
      logoutEndpoint: managedLogin('/logout'),
      // Cognito's OAuth endpoints on the managed-login domain, as its discovery document lists them:
      // the browser signs in without fetching that document (decision 102).
      endpoints: {
        authorization: managedLogin('/oauth2/authorize'),
        token: managedLogin('/oauth2/token'),
        revocation: managedLogin('/oauth2/revoke'),
      },
    },
  };
}

interface DistributionConfig {
  readonly DefaultCacheBehavior: Record<string, unknown>;
  readonly CacheBehaviors?: Record<string, unknown>[];
  readonly Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
  readonly [key: string]: unknown;
}

function cloudFrontFunctionId(template: Template, code: string): string {
  const [id, ...rest] = Object.keys(template.findResources('AWS::CloudFront::Function', { Properties: { FunctionCode: code } }));
  if (id === undefined || rest.length > 0) throw new Error('expected exactly one CloudFront Function with that code');
  return id;
}

/**
 * The files a BucketDeployment uploads, read from the staged assets of the synthesized app, with
 * deploy-time markers (Source.jsonData) put back as the template expressions they stand for.
 */
function deployedFiles(app: App, deployment: { Properties: Record<string, unknown> }): Map<string, unknown> {
  const props = deployment.Properties as { SourceObjectKeys: string[]; SourceMarkers?: Record<string, unknown>[] };
  const files = new Map<string, unknown>();
  props.SourceObjectKeys.forEach((key, index) => {
    const dir = path.join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    const markers = props.SourceMarkers?.[index] ?? {};
    for (const name of readdirSync(dir)) {
      if (statSync(path.join(dir, name)).isDirectory()) continue;
      const text = readFileSync(path.join(dir, name), 'utf8');
      if (!name.endsWith('.json')) {
        files.set(name, text);
        continue;
      }
      const restore = (node: unknown): unknown => {
        if (typeof node === 'string') {
          const parts = node.split(/(<<marker:0xbaba:\d+>>)/).filter((p) => p !== '');
          if (parts.length === 1 && parts[0] !== undefined && parts[0] in markers) return markers[parts[0]];
          if (!parts.some((p) => p in markers)) return node;
          return { 'Fn::Join': ['', parts.map((p) => (p in markers ? markers[p] : p))] };
        }
        if (Array.isArray(node)) return node.map(restore);
        if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, restore(v)]));
        return node;
      };
      files.set(name, restore(JSON.parse(text)));
    }
  });
  return files;
}

describe('site: bucket, distribution and content', { timeout: 120_000 }, () => {
  const { template } = synthTodos();
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

    it('is emptied (every version) and deleted with dev, retained in prod; never autoDeleteObjects', () => {
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
      template.resourceCountIs('Custom::EmptyBucketOnDelete', 1);
      prod.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
      prod.resourceCountIs('Custom::EmptyBucketOnDelete', 0);
      for (const t of [template, prod]) t.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
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
        OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/S3OriginAccess/), 'Id'] },
      });
      const functionId = cloudFrontFunctionId(template, SPA_REWRITE_CODE);
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

    it('sends /trpc/* to the Function URL through OAC, uncached but compressed, all methods, HTTPS only, viewer headers forwarded', () => {
      expect(config.CacheBehaviors).toHaveLength(1);
      const [api] = config.CacheBehaviors ?? [];
      const apiOrigin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
      const urlId = onlyLogicalId(template, 'AWS::Lambda::Url');
      expect(apiOrigin).toMatchObject({
        DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }] }] },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/ApiOriginAccess/), 'Id'] },
      });
      expect(api).toMatchObject({
        PathPattern: '/trpc/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
        CachePolicyId: { Ref: onlyLogicalId(template, 'AWS::CloudFront::CachePolicy') },
        Compress: true,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      });
      // Managed-AllViewerExceptHostHeader (AWS documents this ID): forwards every viewer header,
      // including x-viewer-authorization set by the viewer-request function, except Host.
      expect(api?.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    });

    it('copies the viewer Authorization to x-viewer-authorization on /trpc/* only (decision 016)', () => {
      const [api] = config.CacheBehaviors ?? [];
      const viewerAuthId = cloudFrontFunctionId(template, API_VIEWER_REQUEST_CODE);
      // Exactly this function: the SPA rewrite must never touch tRPC requests.
      expect(api?.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [viewerAuthId, 'FunctionARN'] } }]);
      expect(JSON.stringify(config.DefaultCacheBehavior)).not.toContain(viewerAuthId);
      template.hasResourceProperties('AWS::CloudFront::Function', {
        FunctionCode: API_VIEWER_REQUEST_CODE,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
        AutoPublish: true,
      });
      // OAC on the API origin signs always: that is what overwrites Authorization and why the copy exists.
      const apiOrigin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
      const oacId = (apiOrigin?.OriginAccessControlId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(resourceById(template, oacId)).toMatchObject({
        Properties: {
          OriginAccessControlConfig: { OriginAccessControlOriginType: 'lambda', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
        },
      });
    });

    it('does not depend on Cognito (the web client depends on the distribution, not the reverse)', () => {
      const distribution = JSON.stringify(resourceById(template, distributionId));
      const cognitoIds = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>)
        .filter(([, r]) => r.Type.startsWith('AWS::Cognito::'))
        .map(([id]) => id);
      expect(cognitoIds.length).toBeGreaterThan(0);
      for (const id of cognitoIds) expect(distribution).not.toContain(`"${id}"`);
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
    it('ships two JS 2.0 functions: the SPA rewrite and the viewer Authorization copy', () => {
      template.resourceCountIs('AWS::CloudFront::Function', 2);
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
            ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
            StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          },
        }),
      });
      const csp = contentSecurityPolicy(['https://idp.example']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self' https://idp.example;");
      // The app-shell service worker (decision 044) is a script of the site itself.
      expect(csp).toContain("worker-src 'self';");
      expect(csp).not.toContain('unsafe-');
    });

    it("lets the UI fetch from this user pool only: its issuer path and its managed-login domain (CSP connect-src)", () => {
      const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as {
        Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: { 'Fn::Join': [string, unknown[]] } } } } };
      }[];
      const parts = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] ?? [];
      const poolId = onlyLogicalId(template, 'AWS::Cognito::UserPool');
      const domainId = onlyLogicalId(template, 'AWS::Cognito::UserPoolDomain');
      const text = parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
      const connect = /connect-src ([^;]*);/.exec(text)?.[1]?.split(' ');
      // A path source (issuer + "/") matches this pool's discovery and keys, and no other pool in the region.
      expect(connect).toEqual([
        "'self'",
        `${JSON.stringify({ 'Fn::GetAtt': [poolId, 'ProviderURL'] })}/`,
        `https://${JSON.stringify({ Ref: domainId })}.auth.${JSON.stringify({ Ref: 'AWS::Region' })}.amazoncognito.com`,
      ]);
      expect(text).not.toMatch(/https:\/\/cognito-idp\.[^ ]*amazonaws\.com[ ;]/);
    });
  });

  describe('content deployment', () => {
    it('deploys in three steps: hashed assets, then the rest (pruned, invalidated), then prunes stale hashed assets', () => {
      const deployments = template.findResources('Custom::CDKBucketDeployment');
      expect(Object.keys(deployments)).toHaveLength(3);
      const idOf = (part: string) => Object.keys(deployments).find((id) => id.includes(part)) ?? '';
      const [hashedId, entryId, pruneId] = [idOf('ContentHashedAssets'), idOf('ContentEntry'), idOf('ContentPruneHashedAssets')];
      expect(new Set([hashedId, entryId, pruneId]).size).toBe(3);
      expect(deployments[hashedId]).toMatchObject({
        Properties: {
          Exclude: ['*'],
          Include: ['assets/*'],
          Prune: false,
          SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
        },
      });
      expect(deployments[hashedId]?.Properties).not.toHaveProperty('DistributionId');
      expect(deployments[entryId]).toMatchObject({
        Properties: {
          DestinationBucketName: { Ref: bucketId },
          DistributionId: { Ref: distributionId },
          Exclude: ['assets/*'],
          Prune: true,
          SystemMetadata: { 'cache-control': 'no-cache' },
          // Not /*: edges keep the old hashed chunks that open tabs may still load.
          DistributionPaths: ['/config.json', '/index.html'],
        },
        DependsOn: expect.arrayContaining([hashedId]) as unknown,
      });
      expect(deployments[pruneId]).toMatchObject({
        Properties: { Exclude: ['*'], Include: ['assets/*'], Prune: true },
        DependsOn: expect.arrayContaining([entryId]) as unknown,
      });
      expect(deployments[pruneId]?.Properties).not.toHaveProperty('DistributionId');
    });

    it('deploys /config.json with the built client, in the pruning no-cache step, after the build output so it wins', () => {
      const built = synthTodos({ clientDist: fakeClientDist({ 'config.json': '{"auth":"from the build"}' }) });
      const deployments = built.template.findResources('Custom::CDKBucketDeployment') as Record<string, { Properties: Record<string, unknown> }>;
      const entry = Object.entries(deployments).find(([id]) => id.includes('ContentEntry'))?.[1];
      const entryKeys = entry?.Properties.SourceObjectKeys as string[];
      expect(entryKeys).toHaveLength(2);
      // The build is the first source and config.json the last: the deployment handler unpacks
      // sources in order, so the stack's config.json overwrites one that came with the build.
      const files = deployedFiles(built.app, entry ?? { Properties: {} });
      expect(files.get('index.html')).toContain('/assets/index-abc.js');
      expect(files.get('config.json')).toEqual(expectedConfig(built.template));
      expect(entry?.Properties).toMatchObject({ Prune: true, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    });

    it('deploys the service worker (/sw.js) revalidated on every load and invalidated on each deploy, never as an immutable asset', () => {
      const built = synthTodos({ clientDist: fakeClientDist({ 'sw.js': 'self.addEventListener("fetch", () => {})' }) });
      const deployments = built.template.findResources('Custom::CDKBucketDeployment') as Record<string, { Properties: Record<string, unknown> }>;
      const entry = Object.entries(deployments).find(([id]) => id.includes('ContentEntry'))?.[1];
      expect(deployedFiles(built.app, entry ?? { Properties: {} }).has('sw.js')).toBe(true);
      // no-cache: a browser checks the worker for updates on each navigation (and bypasses its HTTP
      // cache for it anyway); the invalidation makes the edges serve the new one at once.
      expect(entry?.Properties).toMatchObject({
        SystemMetadata: { 'cache-control': 'no-cache' },
        DistributionPaths: ['/config.json', '/index.html', '/sw.js'],
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
