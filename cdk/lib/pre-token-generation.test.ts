import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PRE_TOKEN_GENERATION_CODE } from './pre-token-generation';

interface V2Event {
  version: string;
  triggerSource: string;
  request: { userAttributes: Record<string, string>; scopes?: string[] };
  response: Record<string, unknown>;
}

// Runs the exact inline code (CommonJS `exports.handler`) in an isolated context.
async function run(userAttributes: Record<string, string>): Promise<V2Event> {
  const exports: { handler?: unknown } = {};
  runInNewContext(PRE_TOKEN_GENERATION_CODE, { exports });
  if (typeof exports.handler !== 'function') throw new Error('PRE_TOKEN_GENERATION_CODE must export handler');
  const handler = exports.handler as (event: V2Event) => Promise<V2Event>;
  return handler({
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    request: { userAttributes, scopes: ['openid', 'todos/read'] },
    response: { claimsAndScopeOverrideDetails: null },
  });
}

describe('pre token generation trigger (inline code)', () => {
  it('adds email and name to the access token only', async () => {
    const out = await run({ sub: 'b1f0-uuid', email: 'ada@example.com', name: 'Ada Lovelace', email_verified: 'true' });
    expect(out.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { email: 'ada@example.com', name: 'Ada Lovelace' } },
      },
    });
  });

  it('adds email alone when the user has no name (or a blank one)', async () => {
    for (const attributes of [{ email: 'bob@example.com' }, { email: 'bob@example.com', name: '  ' }] as Record<string, string>[]) {
      const out = await run(attributes);
      expect(out.response).toEqual({
        claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { email: 'bob@example.com' } } },
      });
    }
  });

  it('adds nothing when there are no such attributes, and never touches other claims or scopes', async () => {
    const out = await run({ sub: 'x' });
    expect(out.response).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: {} } } });
    expect(JSON.stringify(out.response)).not.toMatch(/Suppress|scopesToAdd|scopesToSuppress|idTokenGeneration/);
  });

  it('returns the event it was given, with request untouched', async () => {
    const out = await run({ email: 'c@example.com' });
    expect(out).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_HostedAuth', request: { scopes: ['openid', 'todos/read'] } });
  });
});
