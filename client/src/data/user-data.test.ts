/**
 * The page-wide data objects and the per-user data lifecycle, in Node: one user's data
 * is reused while they stay, released (collection, query cache, error banner) when
 * another appears, and their drafts removed on sign-out. `fetch` is a stub installed
 * before the modules load (they bind it then): these tests look at what is sent, not at a server.
 */
import { TRPCClientError } from '@trpc/client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { memorySessionStorage } from '../testing/memory-session-storage';
import { TEST_LIST_ID } from '../testing/test-list';

const sent = vi.hoisted(() => {
  const requests: { url: string; headers: Headers }[] = [];
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(input instanceof Request ? input.url : input), headers: new Headers(init?.headers) });
    const body = [{ result: { data: { id: 'local:ann', name: 'ann', kind: 'user' } } }];
    return Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  });
  return requests;
});

const { accountApi, api, queryClient, setAccessTokenSource } = await import('./app-data');
const { forgetUser, releaseUserData, userDataFor } = await import('./user-data');
const { writeErrors } = await import('./write-errors');

afterAll(() => {
  releaseUserData();
  vi.unstubAllGlobals();
});

describe('app data', () => {
  it('sends the current access token with every call, from the source set at startup', async () => {
    await accountApi.me.query();
    expect(sent.at(-1)?.headers.get('authorization')).toBeNull();
    setAccessTokenSource(() => Promise.resolve('token-1'));
    await accountApi.me.query();
    expect(sent.at(-1)?.headers.get('authorization')).toBe('Bearer token-1');
    await api.me.query();
    expect(sent.at(-1)?.url).toMatch(/^\/trpc\/me/);
  });

  it('retries a failed query once, but never a 401', () => {
    const retry = queryClient.getDefaultOptions().queries?.retry as (failures: number, error: Error) => boolean;
    const unauthorized = new TRPCClientError('Sign in required', { result: { error: { message: 'x', code: -1, data: { code: 'UNAUTHORIZED', httpStatus: 401 } } } });
    expect(retry(0, unauthorized)).toBe(false);
    expect(retry(0, new Error('network'))).toBe(true);
    expect(retry(1, new Error('network'))).toBe(true);
    expect(retry(2, new Error('network'))).toBe(false);
  });
});

describe('user data', () => {
  it('is the same object while the user stays, with a collection and drafts named after them', () => {
    const ann = userDataFor('local:ann');
    expect(userDataFor('local:ann')).toBe(ann);
    expect(ann.userId).toBe('local:ann');
    expect(ann.collection.id).toBe('todos:local:ann');
    expect(ann.indexFor(ann.defaultListId).counts()).toEqual({ active: 0, completed: 0, total: 0 });
  });

  it("releases one user's data before another's is made: index, collection, cache and error banner", async () => {
    const ann = userDataFor('local:ann');
    const listener = vi.fn();
    ann.indexFor(ann.defaultListId).subscribe(listener);
    queryClient.setQueryData(['something'], 1);
    writeErrors.report('add “x”', new Error('boom'));

    const bob = userDataFor('local:bob');
    expect(bob).not.toBe(ann);
    // The released index no longer follows the collection nor tells anyone.
    ann.indexFor(ann.defaultListId).apply([{ type: 'insert', key: 'x', value: { id: 'x', listId: TEST_LIST_ID, name: 'x', status: 'pending', createdAt: '', updatedAt: '', version: 1 } }]);
    expect(listener).not.toHaveBeenCalled();
    expect(queryClient.getQueryData(['something'])).toBeUndefined();
    expect(writeErrors.get()).toBeNull();
    await vi.waitFor(() => expect(ann.collection.status).toBe('cleaned-up'));
    expect(userDataFor('local:ann')).not.toBe(ann);
  });

  it("keeps drafts per user, removes the signed-out user's, and another account's when one signs in here", async () => {
    const storage = memorySessionStorage();
    vi.stubGlobal('sessionStorage', storage);
    releaseUserData();
    userDataFor('local:ann').newTodoDraft.set('ann types');
    userDataFor('local:ann').editDraft.set({ id: 'y', name: 'ann edits' });
    expect(storage.getItem('todos.draft.local%3Aann.new-todo')).toBe('"ann types"');
    storage.setItem('other.key', 'not a draft');
    // Bob signs in in this tab: Ann's drafts go (decision 065), anything else stays.
    userDataFor('local:bob').editDraft.set({ id: 'x', name: 'bob edits' });
    expect(storage.getItem('todos.draft.local%3Aann.new-todo')).toBeNull();
    expect(storage.getItem('todos.draft.local%3Aann.edit')).toBeNull();
    expect(storage.getItem('other.key')).toBe('not a draft');
    expect(storage.getItem('todos.draft.local%3Abob.edit')).toBe('{"id":"x","name":"bob edits"}');
    userDataFor('local:bob').newTodoDraft.set('bob types');
    await forgetUser('local:bob');
    expect(storage.getItem('todos.draft.local%3Abob.new-todo')).toBeNull();
    expect(storage.getItem('todos.draft.local%3Abob.edit')).toBeNull();
    storage.setItem('todos.draft.local%3Aann.new-todo', '"ann again"');
    userDataFor('local:ann');
    await forgetUser('local:bob'); // signing out someone else leaves the signed-in user's drafts
    expect(storage.getItem('todos.draft.local%3Aann.new-todo')).toBe('"ann again"');
    // A stored edit draft that is not an {id, name} object is ignored.
    for (const [user, stored] of [['cy', '{"id":1,"name":"n"}'], ['cz', '{"id":"x"}'], ['da', 'null'], ['db', '"text"']]) {
      storage.setItem(`todos.draft.local%3A${user}.edit`, stored ?? '');
      expect(userDataFor(`local:${user}`).editDraft.get(), stored).toBeUndefined();
    }
    storage.setItem('todos.draft.local%3Adc.edit', '{"id":"x","name":"kept"}');
    expect(userDataFor('local:dc').editDraft.get()).toEqual({ id: 'x', name: 'kept' });
    storage.setItem('todos.draft.local%3Ady.new-todo', '5');
    expect(userDataFor('local:dy').newTodoDraft.get()).toBeUndefined();
  });
});
