import { describe, expect, it } from 'vitest';
import { readAuthConfig } from './auth-config';

const complete = { AUTH_ISSUER: 'https://issuer.example', AUTH_JWKS_URI: 'https://issuer.example/jwks', AUTH_CLIENT_IDS: ' web , cli,,service ' };

describe('readAuthConfig', () => {
  it('reads issuer, key location and the accepted clients (trimmed, empty entries dropped)', () => {
    expect(readAuthConfig(complete)).toEqual({ issuer: 'https://issuer.example', jwksUri: 'https://issuer.example/jwks', clientIds: ['web', 'cli', 'service'] });
  });

  it('adds the audience only when one is set', () => {
    expect(readAuthConfig({ ...complete, AUTH_AUDIENCE: 'urn:todos:api' }).audience).toBe('urn:todos:api');
    expect(readAuthConfig({ ...complete, AUTH_AUDIENCE: '' })).not.toHaveProperty('audience');
  });

  it.each(['AUTH_ISSUER', 'AUTH_JWKS_URI', 'AUTH_CLIENT_IDS'] as const)('fails closed without %s', (name) => {
    expect(() => readAuthConfig({ ...complete, [name]: '' })).toThrow(/AUTH_ISSUER, AUTH_JWKS_URI and AUTH_CLIENT_IDS must be set/);
  });

  it('fails closed when the client list holds no id', () => {
    expect(() => readAuthConfig({ ...complete, AUTH_CLIENT_IDS: ' , ' })).toThrow(/must be set/);
  });
});
