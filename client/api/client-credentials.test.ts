/** The client-credentials helper against the real local OpenID provider and API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SERVICE_CLIENT_ID, LOCAL_SERVICE_CLIENT_SECRET } from '../../server/local/identity-provider/local-clients';
import { startLocalApi, type LocalApi } from '../../server/testing/local-api';
import { clientCredentialsToken, type ClientCredentialsOptions } from './client-credentials';
import { createTodosClient } from './create-todos-client';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

/** A fetch that counts the requests to the token endpoint (and can fail the first `failFirst`). */
function countingFetch(failFirst = 0) {
  const counter = { tokenRequests: 0 };
  const wrapped: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === api.identity.provider.tokenEndpoint) {
      counter.tokenRequests++;
      if (counter.tokenRequests <= failFirst) return Promise.reject(new TypeError('fetch failed'));
    }
    return fetch(input, init);
  };
  return { counter, fetch: wrapped };
}

const serviceOptions = (overrides: Partial<ClientCredentialsOptions> = {}): ClientCredentialsOptions => ({
  tokenEndpoint: api.identity.provider.tokenEndpoint,
  clientId: LOCAL_SERVICE_CLIENT_ID,
  clientSecret: LOCAL_SERVICE_CLIENT_SECRET,
  ...overrides,
});

describe('clientCredentialsToken', () => {
  it('lets a service call the API in three lines, reusing one token', async () => {
    const { counter, fetch: countedFetch } = countingFetch();
    const getToken = clientCredentialsToken({ ...serviceOptions(), fetch: countedFetch });

    // The three lines of the README:
    const service = createTodosClient({ url: api.url, getToken });
    const [created] = await service.todos.create.mutate({ items: [{ name: 'From a service' }] });
    const { items } = await service.todos.list.query();

    expect(created?.name).toBe('From a service');
    expect(items.map((todo) => todo.id)).toContain(created?.id);
    expect(await service.me.query()).toEqual({ id: LOCAL_SERVICE_CLIENT_ID, name: LOCAL_SERVICE_CLIENT_ID, kind: 'service' });
    expect(counter.tokenRequests).toBe(1);
  });

  it('shares one token request between concurrent callers', async () => {
    const { counter, fetch: countedFetch } = countingFetch();
    const getToken = clientCredentialsToken({ ...serviceOptions(), fetch: countedFetch });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(counter.tokenRequests).toBe(1);
  });

  it('renews shortly before expiry', async () => {
    let clock = Date.now();
    const { counter, fetch: countedFetch } = countingFetch();
    const getToken = clientCredentialsToken({ ...serviceOptions(), fetch: countedFetch, now: () => clock, renewBeforeMs: 60_000 });
    const first = await getToken();
    clock += 60 * 60_000 - 61_000; // the local provider's tokens live one hour
    expect(await getToken()).toBe(first);
    expect(counter.tokenRequests).toBe(1);
    clock += 2_000; // now within the last minute
    const second = await getToken();
    expect(counter.tokenRequests).toBe(2);
    expect(second).not.toBe(first);
    expect(await getToken()).toBe(second);
    expect(counter.tokenRequests).toBe(2);
  });

  it('does not cache a failure: the next call asks again', async () => {
    const { counter, fetch: flakyFetch } = countingFetch(1);
    const getToken = clientCredentialsToken({ ...serviceOptions(), fetch: flakyFetch });
    await expect(getToken()).rejects.toThrow('fetch failed');
    const token = await getToken();
    expect(token).toMatch(/^ey/);
    expect(counter.tokenRequests).toBe(2);
  });

  it("reports the provider's error for bad credentials", async () => {
    const getToken = clientCredentialsToken(serviceOptions({ clientSecret: 'wrong' }));
    await expect(getToken()).rejects.toThrow(/^Token request failed: /);
  });

  it('gets the scopes it asks for; the API refuses writes without todos/write', async () => {
    const readOnly = createTodosClient({ url: api.url, getToken: clientCredentialsToken(serviceOptions({ scope: 'todos/read' })) });
    await expect(readOnly.todos.list.query()).resolves.toHaveProperty('items');
    await expect(readOnly.todos.create.mutate({ items: [{ name: 'no' }] })).rejects.toMatchObject({
      data: { httpStatus: 403, code: 'FORBIDDEN' },
    });
  });
});
