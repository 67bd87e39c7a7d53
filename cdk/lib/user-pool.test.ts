import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyLogicalId, resourceById, synthTodos } from '../test-support/synth';
import { PRE_TOKEN_GENERATION_CODE } from './pre-token-generation';
import { USER_SIGN_IN_SCOPE } from '../../shared/auth-scopes';
import { CLI_CALLBACK_URL, domainPrefixFor, USER_SCOPES } from './user-pool';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f5b7a0e-1111-2222-3333-444455556666';

type Props = Record<string, unknown>;

function clientByName(template: Template, name: string): { id: string; properties: Props } {
  const found = template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: name } });
  const [id, ...rest] = Object.keys(found);
  if (id === undefined || rest.length > 0) throw new Error(`expected exactly one client named ${name}`);
  return { id, properties: (found[id] as { Properties: Props }).Properties };
}

/** The UpdateUserPoolClient call of the web client's URL resource, with its tokens left as template JSON. */
function webClientUrlsCall(template: Template): { action: string; service: string; parameters: Props } {
  const id = onlyLogicalId(template, 'Custom::CognitoWebClientUrls');
  const resource = resourceById(template, id) as { Properties: { Create: unknown; Update: unknown } };
  expect(resource.Properties.Update).toEqual(resource.Properties.Create);
  return parseJoinedJson(resource.Properties.Create) as { action: string; service: string; parameters: Props };
}

/** Parses a JSON document that CloudFormation assembles with Fn::Join; each token becomes a "${n}" placeholder resolved back. */
function parseJoinedJson(value: unknown): unknown {
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const tokens: unknown[] = [];
  const text = join[1].map((part) => (typeof part === 'string' ? part : `\${${tokens.push(part) - 1}}`)).join('');
  const restore = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\$\{(\d+)\}$/.exec(node);
      if (whole) return tokens[Number(whole[1])];
      if (!node.includes('${')) return node;
      const parts = node.split(/(\$\{\d+\})/).filter((p) => p !== '');
      return { 'Fn::Join': ['', parts.map((p) => (/^\$\{\d+\}$/.test(p) ? tokens[Number(p.slice(2, -1))] : p))] };
    }
    if (Array.isArray(node)) return node.map(restore);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, restore(v)]));
    return node;
  };
  return restore(JSON.parse(text));
}

describe('sign-in: Cognito user pool, clients and trigger', { timeout: 120_000 }, () => {
  const dev = synthTodos().template;
  const prod = synthTodos({ context: { stage: 'prod' } }).template;
  const poolId = onlyLogicalId(dev, 'AWS::Cognito::UserPool');
  const resourceServerId = onlyLogicalId(dev, 'AWS::Cognito::UserPoolResourceServer');
  const domainId = onlyLogicalId(dev, 'AWS::Cognito::UserPoolDomain');
  const distributionId = onlyLogicalId(dev, 'AWS::CloudFront::Distribution');
  const apiScopes = [
    { 'Fn::Join': ['', [{ Ref: resourceServerId }, '/read']] },
    { 'Fn::Join': ['', [{ Ref: resourceServerId }, '/write']] },
  ];
  const managedLoginRoot = { 'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com/']] };

  describe('user pool', () => {
    it('signs in by email, lets people sign up and verifies their email with a code', () => {
      dev.hasResourceProperties('AWS::Cognito::UserPool', {
        UsernameAttributes: ['email'],
        AliasAttributes: Match.absent(),
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        Schema: [
          { Name: 'email', Required: true, Mutable: true },
          { Name: 'name', Required: false, Mutable: true },
        ],
      });
    });

    it('requires 12+ character passwords with every character class', () => {
      dev.hasResourceProperties('AWS::Cognito::UserPool', {
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
      });
    });

    it('requires an authenticator app (TOTP) on protected stages, never SMS, and recovers accounts by email only', () => {
      prod.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        SmsConfiguration: Match.absent(),
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      });
      // No SMS means no SNS role.
      expect(JSON.stringify(prod.findResources('AWS::IAM::Role'))).not.toContain('sns:Publish');
    });

    it('has MFA off on throwaway stages (no "optional" MFA that no client could set up)', () => {
      dev.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OFF', EnabledMfas: Match.absent() });
    });

    it('sends sign-up email through Amazon SES on protected stages, and through Cognito on throwaway ones', () => {
      prod.hasResourceProperties('AWS::Cognito::UserPool', {
        EmailConfiguration: {
          EmailSendingAccount: 'DEVELOPER',
          From: 'no-reply@example.com',
          SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/no-reply@example.com']] },
        },
      });
      dev.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' } });
      const named = synthTodos({
        context: { stage: 'mail', alarmEmail: 'a@example.com' },
        stages: { mail: { signUpEmail: { from: 'hello@example.com', fromName: 'Todos', verifiedDomain: 'example.com', sesRegion: 'eu-west-1' } } },
      }).template;
      named.hasResourceProperties('AWS::Cognito::UserPool', {
        EmailConfiguration: {
          EmailSendingAccount: 'DEVELOPER',
          From: 'Todos <hello@example.com>',
          SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':identity/example.com']] },
        },
      });
    });

    it('is on the Essentials plan without (paid) threat protection, unless a stage opts in to Plus with enforced threat protection', () => {
      for (const template of [dev, prod]) template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent() });
      const plus = synthTodos({ context: { stage: 'guarded' }, stages: { guarded: { threatProtection: true } } }).template;
      plus.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    });

    it('is deleted with dev, and retained with deletion protection in prod', () => {
      expect(resourceById(dev, poolId)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: 'INACTIVE' } });
      expect(resourceById(prod, poolId)).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
    });
  });

  describe('resource server and domain', () => {
    it('defines the todos resource server with read and write scopes', () => {
      expect(resourceById(dev, resourceServerId)).toMatchObject({
        Properties: {
          Identifier: 'todos',
          UserPoolId: { Ref: poolId },
          Scopes: [
            { ScopeName: 'read', ScopeDescription: expect.any(String) as unknown },
            { ScopeName: 'write', ScopeDescription: expect.any(String) as unknown },
          ],
        },
      });
    });

    it('has a managed-login (v2) prefix domain unique to the stack: todos-<stage>-<stack UUID>', () => {
      const stackUuid = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };
      expect(resourceById(dev, domainId)).toMatchObject({
        Properties: { Domain: { 'Fn::Join': ['', ['todos-dev-', stackUuid]] }, ManagedLoginVersion: 2, UserPoolId: { Ref: poolId } },
      });
      prod.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: { 'Fn::Join': ['', ['todos-prod-', stackUuid]] } });
    });

    it('refuses stages that Cognito does not allow in a domain prefix', () => {
      expect(() => domainPrefixFor('aws-test')).toThrow(/must not contain "aws", "amazon" or "cognito"/);
      expect(() => domainPrefixFor('mycognito')).toThrow(/cognito/);
      expect(() => synthTodos({ context: { stage: 'amazonian' } })).toThrow(/amazon/);
      expect(() => domainPrefixFor('dev-2')).not.toThrow();
    });

    it('gives the web and CLI clients the default managed-login branding', () => {
      for (const name of ['web', 'cli']) {
        dev.hasResource('AWS::Cognito::ManagedLoginBranding', {
          Properties: { UserPoolId: { Ref: poolId }, ClientId: { Ref: clientByName(dev, name).id }, UseCognitoProvidedValues: true },
          DependsOn: [domainId],
        });
      }
      dev.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 2);
    });
  });

  describe('app clients', () => {
    const userTokenSettings = {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', ...apiScopes],
      // Rotation is incompatible with the REFRESH_TOKEN_AUTH API flow; renewals go to the OAuth token endpoint.
      ExplicitAuthFlows: [],
      SupportedIdentityProviders: ['COGNITO'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 10080, // 7 days, from sign-in
      // Each renewal returns a new refresh token; the old one works 60 s more, for a lost answer's retry.
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    };

    it('has exactly web, cli and service', () => {
      const names = Object.values(dev.findResources('AWS::Cognito::UserPoolClient')).map((r) => (r as { Properties: Props }).Properties.ClientName);
      expect(names.sort()).toEqual(['cli', 'service', 'web']);
      expect(USER_SCOPES.join(' ')).toBe('openid email profile todos/read todos/write');
      // What config.json tells the web UI to ask for is what the local stack asks for: both API scopes (decision 063).
      expect(USER_SCOPES.join(' ')).toBe(USER_SIGN_IN_SCOPE);
    });

    it('web: public, code grant (PKCE) only, user scopes (todos/read todos/write), 1 h tokens, 7-day rotating refresh; template holds an inert placeholder redirect', () => {
      expect(clientByName(dev, 'web').properties).toEqual({
        ...userTokenSettings,
        ClientName: 'web',
        UserPoolId: { Ref: poolId },
        CallbackURLs: [managedLoginRoot],
        LogoutURLs: [managedLoginRoot],
      });
    });

    it('web: its real redirect URLs (site + local dev server on non-prod) are set after the distribution exists', () => {
      const web = clientByName(dev, 'web');
      const site = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
      const devCall = webClientUrlsCall(dev);
      expect(devCall).toMatchObject({ service: 'CognitoIdentityServiceProvider', action: 'updateUserPoolClient' });
      const devUrls = [site, 'http://localhost:3000/', 'http://127.0.0.1:3000/'];
      expect(devCall.parameters.CallbackURLs).toEqual(devUrls);
      expect(devCall.parameters.LogoutURLs).toEqual(devUrls);
      expect(devCall.parameters.ClientId).toEqual({ Ref: web.id });

      const prodCall = webClientUrlsCall(prod);
      const prodSite = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [onlyLogicalId(prod, 'AWS::CloudFront::Distribution'), 'DomainName'] }, '/']] };
      expect(prodCall.parameters.CallbackURLs).toEqual([prodSite]);
      expect(prodCall.parameters.LogoutURLs).toEqual([prodSite]);

      const custom = synthTodos({ context: { stage: 'prod', domainName: 'todos.example.com', certificateArn: CERT } }).template;
      expect(webClientUrlsCall(custom).parameters.CallbackURLs).toEqual(['https://todos.example.com/']);
    });

    it('web: the update call repeats every other setting of the client (UpdateUserPoolClient resets what it is not given)', () => {
      const { properties } = clientByName(dev, 'web');
      const { parameters } = webClientUrlsCall(dev);
      const without = (object: Props, keys: string[]): Props => Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
      expect(Object.keys(parameters)).toEqual(expect.arrayContaining(['ClientId', 'CallbackURLs', 'LogoutURLs']));
      expect(without(parameters, ['ClientId', 'CallbackURLs', 'LogoutURLs'])).toEqual(
        without(properties, ['CallbackURLs', 'LogoutURLs', 'GenerateSecret']),
      );
    });

    it('web: the URL update runs with its own role, limited to UpdateUserPoolClient on this pool and its log group', () => {
      const id = onlyLogicalId(dev, 'Custom::CognitoWebClientUrls');
      const handler = Object.values(dev.findResources('AWS::Lambda::Function', { Properties: { Timeout: 120, Runtime: 'nodejs24.x' } }))[0] as {
        Properties: { Role: { 'Fn::GetAtt': [string, string] }; LoggingConfig: { LogGroup: { Ref: string } } };
      };
      expect(handler.Properties.Role['Fn::GetAtt'][0]).toMatch(/^AuthWebClientUrlsRole/);
      expect(handler.Properties.LoggingConfig.LogGroup.Ref).toMatch(/^AuthWebClientUrlsLogs/);
      const statements = Object.values(dev.findResources('AWS::IAM::Policy'))
        .map((p) => p as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: unknown[] } } })
        .filter((p) => p.Properties.Roles.some((r) => r.Ref.startsWith('AuthWebClientUrlsRole')))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      expect(statements).toEqual(
        expect.arrayContaining([
          { Action: 'cognito-idp:UpdateUserPoolClient', Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AuthWebClientUrlsLogs/), 'Arn'] },
          },
        ]),
      );
      expect(statements).toHaveLength(2);
      expect((resourceById(dev, id) as { DependsOn: string[] }).DependsOn).toEqual(expect.arrayContaining([clientByName(dev, 'web').id]));
    });

    it('cli: public, code grant (PKCE), loopback callback on every stage', () => {
      for (const template of [dev, prod]) {
        expect(clientByName(template, 'cli').properties).toEqual({
          ...userTokenSettings,
          ClientName: 'cli',
          UserPoolId: { Ref: poolId },
          CallbackURLs: [CLI_CALLBACK_URL],
        });
      }
      expect(CLI_CALLBACK_URL).toBe('http://127.0.0.1:53682/callback');
    });

    it('service: confidential, client credentials only, API scopes only', () => {
      expect(clientByName(dev, 'service').properties).toEqual({
        ClientName: 'service',
        UserPoolId: { Ref: poolId },
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: apiScopes,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes' },
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      });
    });

    it('never puts a client secret into outputs or parameters', () => {
      const json = JSON.stringify(dev.toJSON());
      expect(json).not.toMatch(/ClientSecret/);
    });
  });

  describe('pre token generation trigger', () => {
    const triggerId = (() => {
      const found = Object.keys(
        dev.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Code: { ZipFile: Match.stringLikeRegexp('claimsAndScopeOverrideDetails') } } }),
      );
      if (found.length !== 1 || found[0] === undefined) throw new Error('expected one inline function');
      return found[0];
    })();

    it('is wired as the V2_0 pre token generation config trigger', () => {
      dev.hasResourceProperties('AWS::Cognito::UserPool', {
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [triggerId, 'Arn'] }, LambdaVersion: 'V2_0' } },
      });
      dev.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [triggerId, 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      });
    });

    it('is the tested inline code on Node.js 24, arm64, with its own 30-day log group and role', () => {
      const fn = resourceById(dev, triggerId) as { Properties: Props & { Role: { 'Fn::GetAtt': [string, string] } } };
      expect(fn.Properties).toMatchObject({
        Code: { ZipFile: PRE_TOKEN_GENERATION_CODE },
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: 3,
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^AuthPreTokenGenerationLogs/) as unknown } },
      });
      expect(fn.Properties.Environment).toBeUndefined();
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      expect((resourceById(dev, roleId) as { Properties: Props }).Properties.ManagedPolicyArns).toBeUndefined();
      dev.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: [
            {
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthPreTokenGenerationLogs'), 'Arn'] },
            },
          ],
        },
      });
      prod.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: { RetentionInDays: 30 },
        UpdateReplacePolicy: 'Retain',
      });
    });
  });
});
