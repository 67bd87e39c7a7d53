/**
 * Issue 12, "day one on AWS": cdk.json and its feature flags, the UI-build guard, versioned site
 * bucket, region-unique CloudFront names, compressed API responses, log retention for every
 * function, access logs and tracing as stage settings, and the throwaway-bucket cleanup.
 */
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from './create-app';
import { ClientBuildError, prepareClientDist } from './client-build';
import { EMPTY_BUCKET_CODE } from './empty-bucket-on-delete';
import { DEFAULT_CLIENT_DIST, REPO_ROOT } from './paths';
import { NONCURRENT_DAYS } from './site';
import { invalidationPathsFor } from './site-content';
import { cdkJsonContext, emptyDir, fakeClientDist, onlyLogicalId, STUB_API_ENTRY, synthTodos } from '../test-support/synth';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
const resourcesOf = (template: Template): Resources => template.toJSON().Resources as Resources;

describe('cdk.json', () => {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { app: string; context: Record<string, unknown> };

  it('runs the app, so every cdk command works without --app', () => {
    expect(cdkJson.app).toBe('npx tsx cdk/bin/app.ts');
  });

  it('sets every feature flag aws-cdk-lib currently recommends, with the recommended value', () => {
    const recommended = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(recommended).length).toBeGreaterThan(80);
    for (const [flag, value] of Object.entries(recommended)) expect(cdkJson.context[flag], flag).toEqual(value);
  });

  it('is what the tests synthesize with', () => {
    expect(cdkJsonContext()).toEqual(cdkJson.context);
  });

  it('changes only the reviewed parts of the template (decision 020)', { timeout: 120_000 }, () => {
    const withFlags = resourcesOf(synthTodos().template);
    const without = resourcesOf(synthTodos({ withoutCdkJson: true }).template);
    const changed = Object.keys({ ...withFlags, ...without })
      .filter((id) => JSON.stringify(withFlags[id]) !== JSON.stringify(without[id]))
      .map((id) => `${(withFlags[id] ?? without[id])?.Type} ${withFlags[id] ? '' : '(only without flags) '}${id}`.replace(/[0-9A-F]{8}$/, ''));
    expect(changed.sort()).toMatchSnapshot();
  });
});

describe('the site is never deployed without its built UI', () => {
  it('fails synth with a clear message when the UI folder has no index.html (no placeholder page)', () => {
    expect(() =>
      createApp({ env: {}, appProps: { context: { 'aws:cdk:bundling-stacks': [] } }, stackProps: { apiEntry: STUB_API_ENTRY, clientDist: emptyDir() } }),
    ).toThrow(/No built web UI in .*index\.html is missing/);
  });

  it('builds the UI itself before synthesizing when no prebuilt folder is given', () => {
    const out = fakeClientDist();
    const build = vi.fn();
    expect(prepareClientDist({ outDir: out, build })).toBe(out);
    expect(build).toHaveBeenCalledWith(out);
  });

  it('stops when the build fails or writes no index.html', () => {
    expect(() => prepareClientDist({ outDir: emptyDir(), build: () => undefined })).toThrow(ClientBuildError);
    expect(() =>
      prepareClientDist({
        outDir: emptyDir(),
        build: () => {
          throw new ClientBuildError('"npm run build:client" failed (exit 1)');
        },
      }),
    ).toThrow(/build:client" failed/);
  });

  it('takes -c clientDist=<dir> as is, without building, and only if it holds an index.html', () => {
    const build = vi.fn();
    const prebuilt = fakeClientDist();
    expect(prepareClientDist({ contextClientDist: prebuilt, build })).toBe(prebuilt);
    expect(() => prepareClientDist({ contextClientDist: emptyDir(), build })).toThrow(/index\.html is missing/);
    expect(build).not.toHaveBeenCalled();
  });

  it('wires the build into the real app: createApp without a clientDist builds client/dist first', () => {
    const build = vi.fn(() => {
      throw new ClientBuildError('stop before touching the real client/dist');
    });
    expect(() =>
      createApp({ env: {}, appProps: { context: { 'aws:cdk:bundling-stacks': [] } }, stackProps: { apiEntry: STUB_API_ENTRY }, buildClient: build }),
    ).toThrow(/stop before/);
    expect(build).toHaveBeenCalledWith(DEFAULT_CLIENT_DIST);
  });
});

describe('site bucket: versioned, old versions expire, rollback possible', () => {
  const { template } = synthTodos();

  it('keeps every replaced or pruned file as a noncurrent version for a while, then deletes it', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireOldSiteVersions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_DAYS },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it('invalidates the non-hashed files of the build only', () => {
    expect(invalidationPathsFor(fakeClientDist({ 'favicon.svg': '<svg/>' }))).toEqual(['/config.json', '/favicon.svg', '/index.html']);
  });

  it('empties a throwaway bucket with its own function: own role without managed policies, 30-day logs, every version deleted', async () => {
    const resources = resourcesOf(template);
    const [fnId, fn] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Description === 'Empties the todos site bucket when a throwaway stack is deleted') ?? [];
    expect(fnId).toBeDefined();
    const roleId = (fn?.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(resources[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes(roleId));
    const actions = policies.flatMap((p) => (p.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((st) => st.Action)).sort();
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions'].sort());

    // Run the shipped handler against a fake S3 and a fake CloudFormation response URL.
    const deleted: unknown[] = [];
    const pages = [
      { IsTruncated: true, NextKeyMarker: 'k', NextVersionIdMarker: 'v', Versions: [{ Key: 'index.html', VersionId: '1' }], DeleteMarkers: [{ Key: 'assets/a.js', VersionId: '2' }] },
      { IsTruncated: false, Versions: [{ Key: 'index.html', VersionId: '3' }] },
    ];
    const responses: string[] = [];
    class Command { constructor(readonly input: unknown) {} }
    class ListObjectVersionsCommand extends Command {}
    class DeleteObjectsCommand extends Command {}
    const fakeRequire = (id: string): unknown => {
      if (id === '@aws-sdk/client-s3') {
        return {
          S3Client: class { send(command: Command) { if (command instanceof ListObjectVersionsCommand) return Promise.resolve(pages.shift()); deleted.push(command.input); return Promise.resolve({}); } },
          ListObjectVersionsCommand,
          DeleteObjectsCommand,
        };
      }
      if (id === 'node:https') {
        return {
          request: (_options: unknown, callback: (res: { resume(): void; on(e: string, f: () => void): void }) => void) => ({
            on: () => undefined,
            end: (body: string) => { responses.push(body); callback({ resume: () => undefined, on: (_e, f) => f() }); },
          }),
        };
      }
      throw new Error(`unexpected require ${id}`);
    };
    const module = { exports: {} as { handler: (event: unknown) => Promise<void> } };
    const load = runInThisContext(`(function (module, exports, require) {\n${EMPTY_BUCKET_CODE}\n})`) as (m: typeof module, e: object, r: typeof fakeRequire) => void;
    load(module, module.exports, fakeRequire);
    await module.exports.handler({ RequestType: 'Delete', ResourceProperties: { BucketName: 'b' }, ResponseURL: 'https://cfn.example/r?x=1', StackId: 's', RequestId: 'r', LogicalResourceId: 'l', PhysicalResourceId: 'b' });
    expect(deleted).toEqual([
      { Bucket: 'b', Delete: { Objects: [{ Key: 'index.html', VersionId: '1' }, { Key: 'assets/a.js', VersionId: '2' }], Quiet: true } },
      { Bucket: 'b', Delete: { Objects: [{ Key: 'index.html', VersionId: '3' }], Quiet: true } },
    ]);
    expect(JSON.parse(responses[0] ?? '{}')).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'b', RequestId: 'r' });

    // A create does nothing but answer; a failure is reported, never left hanging.
    await module.exports.handler({ RequestType: 'Create', ResourceProperties: { BucketName: 'b' }, ResponseURL: 'https://cfn.example/r' });
    expect(JSON.parse(responses[1] ?? '{}')).toMatchObject({ Status: 'SUCCESS' });
    // (S3 answers nothing here: the handler logs the error for CloudWatch, kept out of the test output.)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await module.exports.handler({ RequestType: 'Delete', ResourceProperties: { BucketName: 'b' }, ResponseURL: 'https://cfn.example/r' });
    expect(JSON.parse(responses[2] ?? '{}')).toMatchObject({ Status: 'FAILED' });
    expect(logged).toHaveBeenCalledWith(expect.any(TypeError));
    logged.mockRestore();
  });
});

describe('CloudFront names that must be unique per account include the region', () => {
  const namesIn = (template: Template): string[] => {
    const names: string[] = [];
    for (const r of Object.values(resourcesOf(template))) {
      const config = (r.Properties?.OriginAccessControlConfig ?? r.Properties?.ResponseHeadersPolicyConfig ?? r.Properties?.CachePolicyConfig) as { Name?: unknown } | undefined;
      const name = config?.Name ?? (r.Type === 'AWS::CloudFront::Function' ? r.Properties?.Name : undefined);
      if (name !== undefined) names.push(JSON.stringify(name));
    }
    return names;
  };

  it('names every OAC, response headers policy, cache policy and function after the region, each differently (issue 20: both OACs had one name)', () => {
    const names = namesIn(synthTodos().template);
    expect(names).toHaveLength(6);
    for (const name of names) expect(name).toContain('{"Ref":"AWS::Region"}');
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives the same stage different names in two regions (the template deployed to us-east-1 and to eu-west-1)', () => {
    const { template } = synthTodos();
    const resolvedNames = (region: string): string[] => {
      return namesIn(template).map((name) => name.replaceAll(JSON.stringify({ Ref: 'AWS::Region' }), JSON.stringify(region)));
    };
    const [east, west] = [resolvedNames('us-east-1'), resolvedNames('eu-west-1')];
    for (const name of east) expect(west).not.toContain(name);
  });
});

describe('API responses are compressed and never cached', () => {
  const { template } = synthTodos();

  it('uses a cache policy with gzip and brotli whose TTLs keep nothing (origin sends no-store)', () => {
    const id = onlyLogicalId(template, 'AWS::CloudFront::CachePolicy');
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 1,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          // Were anything kept for that second, it is keyed by the caller's token and the whole call.
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['x-viewer-authorization'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
        },
      },
    });
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: { CacheBehaviors: { PathPattern: string; CachePolicyId: unknown; Compress: boolean }[] } };
    };
    const api = distribution.Properties.DistributionConfig.CacheBehaviors.find((b) => b.PathPattern === '/trpc/*');
    expect(api).toMatchObject({ CachePolicyId: { Ref: id }, Compress: true });
  });

  // That the handler answers cache-control: no-store (what MinTTL 0 relies on) is server/lambda/handler.test.ts's to check.
});

describe('every function the stack creates logs to a group with retention', () => {
  it.each([
    ['dev', {}],
    ['prod', { stage: 'prod' }],
  ])('%s', (_name, context) => {
    const resources = resourcesOf(synthTodos({ context }).template);
    const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const [id, fn] of functions) {
      const groupId = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      expect(groupId, id).toBeDefined();
      expect(resources[groupId ?? '']?.Properties?.RetentionInDays, id).toBe(30);
    }
    // No CDK-internal providers (CfnResource-based, unseen by cdk-nag) at all.
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function' || r.Type === 'AWS::IAM::Role').every((r) => r.Properties !== undefined)).toBe(true);
    expect(Object.keys(resources).filter((id) => id.startsWith('CustomS3AutoDeleteObjects'))).toEqual([]);
  });
});

describe('access logs and tracing are stage settings', () => {
  const dev = synthTodos().template;
  const prod = synthTodos({ context: { stage: 'prod' } }).template;
  const apiFunction = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: 'Todos tRPC API' } }))[0] as { Properties: Record<string, unknown> };

  const logBucketId = (template: Template): string => {
    const [id, ...rest] = Object.keys(resourcesOf(template)).filter((key) => key.startsWith('SiteAccessLogBucket') && resourcesOf(template)[key]?.Type === 'AWS::S3::Bucket');
    if (id === undefined || rest.length > 0) throw new Error('expected one access-log bucket');
    return id;
  };

  it('prod: CloudFront standard logging (legacy) to a private S3 bucket of the stack, kept 30 days, and X-Ray active tracing', () => {
    const bucketId = logBucketId(prod);
    prod.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Logging: { Bucket: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' } }),
    });
    expect(resourcesOf(prod)[bucketId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        // CloudFront's log delivery writes through an ACL grant: ACLs stay enabled, the bucket owner owns the objects.
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [{ Id: 'ExpireAccessLogs', Status: 'Enabled', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }] },
      },
    });
    // Nothing only us-east-1 accepts (standard logging v2's CloudFront delivery source), so prod deploys in any region.
    prod.resourceCountIs('AWS::Logs::DeliverySource', 0);
    expect(apiFunction(prod).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('dev: neither (both can be switched on with -c accessLogs=true -c tracing=true; the log bucket is then emptied on delete)', () => {
    expect(JSON.stringify(dev.toJSON())).not.toContain('"Logging"');
    expect(apiFunction(dev).Properties.TracingConfig).toBeUndefined();
    const on = synthTodos({ context: { accessLogs: 'true', tracing: 'true' } }).template;
    expect(resourcesOf(on)[logBucketId(on)]?.DeletionPolicy).toBe('Delete');
    on.resourceCountIs('Custom::EmptyBucketOnDelete', 2);
    expect(apiFunction(on).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });
});

describe('data protection is the protectData setting, not the stage name', () => {
  const kinds = ['AWS::DynamoDB::GlobalTable', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket'];
  const policies = (template: Template) =>
    Object.values(resourcesOf(template))
      .filter((r) => kinds.includes(r.Type) || r.Type === 'AWS::Logs::LogGroup')
      .map((r) => r.DeletionPolicy);

  it.each(['prd', 'live', 'staging'])('%s (undeclared) keeps everything and has deletion protection', (stage) => {
    const { template } = synthTodos({ context: { stage } });
    expect(new Set(policies(template))).toEqual(new Set(['Retain']));
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [{ DeletionProtectionEnabled: true }] });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    template.resourceCountIs('Custom::EmptyBucketOnDelete', 0);
  });

  it('a stage declared throwaway (or -c protectData=false) deletes everything', () => {
    for (const options of [{ context: {} }, { context: { stage: 'pr-7', protectData: 'false' } }, { context: { stage: 'scratch' }, stages: { scratch: { protectData: false } } }]) {
      const { template } = synthTodos(options);
      expect(new Set(policies(template))).toEqual(new Set(['Delete']));
      template.resourceCountIs('Custom::EmptyBucketOnDelete', 1);
    }
  });
});
