/**
 * The bad-token matrix over HTTP, through the local bridge and the real Lambda
 * handler: every procedure, read or write, answers 401 with the same generic
 * message for every kind of bad token, and nothing is written; a good token without
 * the API scope for a call gets 403. Each test has a user (and data) of its own.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startLocalApi, type LocalApi } from '../testing/local-api';

let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi();
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

/**
 * A user of its own for each test, with one todo: what one test's bad token might have done
 * to it cannot make another test fail.
 */
interface Victim {
  name: string;
  sub: string;
  token: string;
  todoId: string;
}
async function newVictim(): Promise<Victim> {
  const name = `victim-${uuidv7()}`;
  const token = await api.identity.tokenFor(name);
  const todoId = uuidv7();
  const response = await post('todos.create', { items: [{ id: todoId, name: 'keep me' }] }, token);
  expect(response.status).toBe(200);
  return { name, sub: `local:${name}`, token, todoId };
}
async function todosOf(victim: Victim) {
  const response = await get('todos.list', victim.token);
  return ((await response.json()) as { result: { data: { items: { id: string; name: string }[] } } }).result.data.items;
}

const now = () => Math.floor(Date.now() / 1000);
const badTokens: [string, (victim: Victim) => Promise<string | undefined>][] = [
  ['no token', () => Promise.resolve(undefined)],
  ['a malformed token', () => Promise.resolve('not.a.jwt')],
  ['an expired token', (v) => api.identity.forge({ ...api.identity.goodClaims(v.sub), iat: now() - 7200, exp: now() - 3600 })],
  ['a not-yet-valid token', (v) => api.identity.forge({ ...api.identity.goodClaims(v.sub), nbf: now() + 3600 })],
  ['a wrong issuer', (v) => api.identity.forge({ ...api.identity.goodClaims(v.sub), iss: 'https://evil.example' })],
  ['a wrong audience', (v) => api.identity.forge({ ...api.identity.goodClaims(v.sub), aud: 'urn:other' })],
  ['a wrong client', (v) => api.identity.forge({ ...api.identity.goodClaims(v.sub), client_id: 'other-app' })],
  ['alg none', (v) => Promise.resolve(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(api.identity.goodClaims(v.sub))}.`)],
  ['an ID token', async (v) => (await api.identity.signIn(v.name)).idToken],
  [
    'a changed payload',
    async (v) => {
      const [header, , signature] = (await api.identity.tokenFor('mallory')).split('.');
      return `${header}.${b64(api.identity.goodClaims(v.sub))}.${signature}`;
    },
  ],
];
function b64(value: unknown) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe.each(badTokens)('%s', (_label, makeToken) => {
  it('gets 401 for every procedure, with a generic message, and nothing changes', async () => {
    const victim = await newVictim();
    const token = await makeToken(victim);
    const responses = [
      await get('me', token),
      await get('todos.list', token),
      await post('todos.create', { items: [{ name: 'intruder' }] }, token),
      await post('todos.update', { items: [{ id: victim.todoId, changes: { name: 'owned' } }] }, token),
      await post('todos.delete', { ids: [victim.todoId] }, token),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { message: string; data: { code: string } } };
      expect(body.error.message).toBe('Sign in required');
      expect(body.error.data.code).toBe('UNAUTHORIZED');
    }
    expect(await todosOf(victim)).toEqual([expect.objectContaining({ id: victim.todoId, name: 'keep me' })]);
  });
});

describe('the control', () => {
  it('a good token of the same user reads and writes', async () => {
    const victim = await newVictim();
    expect((await post('todos.update', { items: [{ id: victim.todoId, changes: { name: 'keep me' } }] }, victim.token)).status).toBe(200);
    const forged = await api.identity.forge(api.identity.goodClaims(victim.sub));
    const listed = (await (await get('todos.list', forged)).json()) as { result: { data: { items: { id: string }[] } } };
    expect(listed.result.data.items.map((todo) => todo.id)).toEqual([victim.todoId]);
  });

  it('another scheme than Bearer is no token', async () => {
    const victim = await newVictim();
    expect((await post('todos.create', { items: [{ name: 'x' }] }, victim.token, 'Basic')).status).toBe(401);
    expect((await post('todos.create', { items: [{ name: 'x' }] }, victim.token, 'bearer')).status).toBe(200);
  });
});

describe('user tokens without the API scopes', () => {
  it('a real sign-in that asked for `openid` only: 403 for every read and write, nothing changes; `me` works', async () => {
    const victim = await newVictim();
    // The same user, signed in again by an app that asked for sign-in only.
    const { accessToken } = await api.identity.signIn(victim.name, 'openid');
    const changesCursor = ((await (await get('todos.list', victim.token)).json()) as { result: { data: { changesCursor: string } } }).result.data.changesCursor;
    const refused = [
      await get('todos.list', accessToken),
      await get(`todos.changes?input=${encodeURIComponent(JSON.stringify({ cursor: changesCursor }))}`, accessToken),
      await post('todos.create', { items: [{ name: 'intruder' }] }, accessToken),
      await post('todos.update', { items: [{ id: victim.todoId, changes: { name: 'owned' } }] }, accessToken),
      await post('todos.delete', { ids: [victim.todoId] }, accessToken),
    ];
    for (const response of refused) {
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { message: string; data: { code: string } } };
      expect(body.error.data.code).toBe('FORBIDDEN');
      expect(body.error.message).toMatch(/^This token lacks the todos\/(read|write) scope$/);
    }
    expect(await todosOf(victim)).toEqual([expect.objectContaining({ id: victim.todoId, name: 'keep me' })]);
    const me = (await (await get('me', accessToken)).json()) as { result: { data: unknown } };
    expect(me.result.data).toEqual({ id: victim.sub, name: victim.name, kind: 'user' });
  });

  it('a token with only todos/read reads but cannot write; with only todos/write writes but cannot read', async () => {
    const victim = await newVictim();
    const reader = (await api.identity.signIn(victim.name, 'openid todos/read')).accessToken;
    const writer = (await api.identity.signIn(victim.name, 'openid todos/write')).accessToken;
    expect((await get('todos.list', reader)).status).toBe(200);
    expect((await post('todos.delete', { ids: [victim.todoId] }, reader)).status).toBe(403);
    expect((await get('todos.list', writer)).status).toBe(403);
    expect((await post('todos.update', { items: [{ id: victim.todoId, changes: { name: 'renamed' } }] }, writer)).status).toBe(200);
    expect(await todosOf(victim)).toEqual([expect.objectContaining({ id: victim.todoId, name: 'renamed' })]);
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
