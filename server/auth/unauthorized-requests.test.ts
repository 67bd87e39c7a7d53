/**
 * The bad-token matrix over HTTP, through the local bridge and the real Lambda
 * handler: every procedure, read or write, answers 401 with the same generic
 * message for every kind of bad token, and nothing is written.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startLocalApi, type LocalApi } from '../testing/local-api';

let api: LocalApi;
let victimToken: string;
let victimTodoId: string;

beforeAll(async () => {
  api = await startLocalApi();
  victimToken = await api.identity.tokenFor('victim');
  victimTodoId = uuidv7();
  const response = await post('todos.create', { items: [{ id: victimTodoId, name: 'keep me' }] }, victimToken);
  expect(response.status).toBe(200);
});
afterAll(() => api.stop());

function post(procedure: string, input: unknown, token?: string, scheme = 'Bearer') {
  const body = JSON.stringify(input);
  return fetch(`${api.url}/${procedure}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // What CloudFront needs to sign the body (the local server checks it the same way).
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      ...(token !== undefined && { authorization: `${scheme} ${token}` }),
    },
    body,
  });
}
function get(procedure: string, token?: string) {
  return fetch(`${api.url}/${procedure}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

async function victimTodos() {
  const response = await get('todos.list', victimToken);
  return ((await response.json()) as { result: { data: { items: { id: string; name: string }[] } } }).result.data.items;
}

const now = () => Math.floor(Date.now() / 1000);
const badTokens: [string, () => Promise<string | undefined>][] = [
  ['no token', () => Promise.resolve(undefined)],
  ['a malformed token', () => Promise.resolve('not.a.jwt')],
  ['an expired token', () => api.identity.forge({ ...api.identity.goodClaims('local:victim'), iat: now() - 7200, exp: now() - 3600 })],
  ['a not-yet-valid token', () => api.identity.forge({ ...api.identity.goodClaims('local:victim'), nbf: now() + 3600 })],
  ['a wrong issuer', () => api.identity.forge({ ...api.identity.goodClaims('local:victim'), iss: 'https://evil.example' })],
  ['a wrong audience', () => api.identity.forge({ ...api.identity.goodClaims('local:victim'), aud: 'urn:other' })],
  ['a wrong client', () => api.identity.forge({ ...api.identity.goodClaims('local:victim'), client_id: 'other-app' })],
  ['alg none', () => Promise.resolve(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(api.identity.goodClaims('local:victim'))}.`)],
  ['an ID token', async () => (await api.identity.signIn('victim')).idToken],
  [
    'a changed payload',
    async () => {
      const [header, , signature] = (await api.identity.tokenFor('mallory')).split('.');
      return `${header}.${b64(api.identity.goodClaims('local:victim'))}.${signature}`;
    },
  ],
];
function b64(value: unknown) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe.each(badTokens)('%s', (_label, makeToken) => {
  it('gets 401 for every procedure, with a generic message, and nothing changes', async () => {
    const token = await makeToken();
    const responses = [
      await get('me', token),
      await get('todos.list', token),
      await post('todos.create', { items: [{ name: 'intruder' }] }, token),
      await post('todos.update', { items: [{ id: victimTodoId, changes: { name: 'owned' } }] }, token),
      await post('todos.delete', { ids: [victimTodoId] }, token),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { message: string; data: { code: string } } };
      expect(body.error.message).toBe('Sign in required');
      expect(body.error.data.code).toBe('UNAUTHORIZED');
    }
    expect(await victimTodos()).toEqual([expect.objectContaining({ id: victimTodoId, name: 'keep me' })]);
  });
});

describe('the control', () => {
  it('a good token of the same user reads and writes', async () => {
    expect((await post('todos.update', { items: [{ id: victimTodoId, changes: { name: 'keep me' } }] }, victimToken)).status).toBe(200);
    const forged = await api.identity.forge(api.identity.goodClaims('local:victim'));
    expect((await get('todos.list', forged)).status).toBe(200);
  });

  it('another scheme than Bearer is no token', async () => {
    expect((await post('todos.create', { items: [{ name: 'x' }] }, victimToken, 'Basic')).status).toBe(401);
    expect((await post('todos.create', { items: [{ name: 'x' }] }, victimToken, 'bearer')).status).toBe(200);
  });
});

describe('service clients', () => {
  it('need todos/read to read and todos/write to write (403 otherwise), and own their own data', async () => {
    const readOnly = await api.identity.serviceToken('todos/read');
    expect((await get('todos.list', readOnly)).status).toBe(200);
    const denied = await post('todos.create', { items: [{ name: 'from a reader' }] }, readOnly);
    expect(denied.status).toBe(403);

    const writeOnly = await api.identity.serviceToken('todos/write');
    expect((await get('todos.list', writeOnly)).status).toBe(403);
    expect((await post('todos.create', { items: [{ name: 'from a writer' }] }, writeOnly)).status).toBe(200);

    const full = await api.identity.serviceToken();
    const me = (await (await get('me', full)).json()) as { result: { data: unknown } };
    expect(me.result.data).toEqual({ id: 'todos-service', name: 'todos-service', kind: 'service' });
    const listed = (await (await get('todos.list', full)).json()) as { result: { data: { items: { name: string }[] } } };
    expect(listed.result.data.items.map((t) => t.name)).toEqual(['from a writer']);
  });
});
