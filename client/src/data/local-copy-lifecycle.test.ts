/**
 * What of a user stays in this browser, and when it goes (decision 065), at the level
 * the app calls it (user-data.ts) over IndexedDB (fake-indexeddb here; the browser tests
 * use Chromium's) and the runtime's own Web Locks: sign-out deletes everything; a session
 * that ended otherwise deletes the copy of the list and keeps the unsent writes; another
 * account signing in deletes the previous account's copy unless it is signed in in another
 * tab; "shared computer" keeps nothing. `fetch` is a stub answering an empty list: these
 * tests look at the browser's storage, not at a server.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Todo } from '../../../shared/todo';
import { memorySessionStorage } from '../testing/memory-session-storage';
import { TEST_LIST_ID } from '../testing/test-list';

vi.hoisted(() => {
  vi.stubGlobal('fetch', (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    const procedures = new URL(url, 'http://localhost').pathname.replace('/trpc/', '').split(',');
    const answers: Record<string, unknown> = {
      'todos.list': { items: [], nextCursor: null, changesCursor: 'c1' },
      'lists.list': { items: [], changesCursor: 'c1' },
      'sync.changes': { expired: false, lists: [], todos: [], reload: [], cursor: 'c1' },
    };
    const answer = (procedure: string) => ({ result: { data: answers[procedure] ?? null } });
    const body = url.includes('batch=1') ? procedures.map(answer) : answer(procedures[0] ?? '');
    return Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  });
});

const { sharedComputer } = await import('../auth/shared-computer');
const { indexedDbStore, usersWithLocalCopies } = await import('./local-store');
const { endSession, forgetUser, releaseUserData, userDataFor } = await import('./user-data');
const { holdSharedLock } = await import('./web-lock');

const todo = (id: string): Todo => ({ id, listId: TEST_LIST_ID, name: `todo ${id}`, status: 'pending', createdAt: 't', updatedAt: 't', version: 1 });
const unsent = { id: '0192-e1', kind: 'create' as const, action: 'add “offline”', rows: [{ ...todo('offline'), version: 0 }] };

let users = 0;
const newUser = () => `local:user-${++users}`;

/** A complete local copy of `user`: two rows, the feed cursor and one write not sent yet. */
async function storedCopy(user: string, { withUnsent = true } = {}) {
  const store = indexedDbStore(user);
  await store.startCopy([todo('a'), todo('b')], { cursor: 'c0', next: [] });
  if (withUnsent) await store.saveEntries([unsent]);
  store.close();
}

const copies = () => usersWithLocalCopies();
const loadCopy = async (user: string) => {
  const store = indexedDbStore(user);
  const snapshot = await store.load();
  store.close();
  return snapshot;
};

let storage: Storage;
beforeEach(() => {
  storage = memorySessionStorage();
  vi.stubGlobal('sessionStorage', storage);
});
afterEach(() => releaseUserData());
afterAll(() => vi.unstubAllGlobals());

describe('the local copy', () => {
  it('is kept while the user is signed in, and opened from it', async () => {
    const ann = newUser();
    await storedCopy(ann);
    const data = userDataFor(ann);
    await data.collection.toArrayWhenReady();
    expect(data.collection.toArray.map((row) => row.id).sort()).toEqual(['a', 'b', 'offline']);
    expect(await copies()).toContain(ann);
  });

  it('goes on sign-out: rows, cursor and unsent writes, and the tab’s drafts', async () => {
    const ann = newUser();
    await storedCopy(ann);
    const data = userDataFor(ann);
    await data.collection.toArrayWhenReady();
    data.newTodoDraft.set('half typed');
    await forgetUser(ann);
    expect(await copies()).not.toContain(ann);
    expect(await loadCopy(ann)).toEqual({ copy: undefined, rows: [], gone: [], outbox: [] });
    expect([...Array(storage.length).keys()].map((i) => storage.key(i))).toEqual([]);
  });

  it('when the session ends without sign-out, the list goes but unsent writes stay for the same user’s next sign-in', async () => {
    const ann = newUser();
    await storedCopy(ann);
    await userDataFor(ann).collection.toArrayWhenReady();
    expect(await endSession(ann)).toBe(1);
    // No rows and no cursor: the next sign-in loads the list from the server, then sends the write.
    expect(await loadCopy(ann)).toEqual({ copy: undefined, rows: [], gone: [], outbox: [unsent] });
  });

  it('when the session ends without sign-out and nothing waits to be sent, the whole copy goes', async () => {
    const ann = newUser();
    await storedCopy(ann, { withUnsent: false });
    await userDataFor(ann).collection.toArrayWhenReady();
    expect(await endSession(ann)).toBe(0);
    expect(await copies()).not.toContain(ann);
  });

  it('when the session ends in one tab while the user is signed in in another, the copy stays whole', async () => {
    const ann = newUser();
    await storedCopy(ann);
    const otherTab = holdSharedLock(`todos-signed-in:${ann}`);
    try {
      expect(await endSession(ann)).toBe(0);
      expect((await loadCopy(ann)).rows).toHaveLength(2);
    } finally {
      await otherTab();
    }
  });

  it('goes when another account signs in here, unsent writes and drafts of this tab included', async () => {
    const [ann, bob] = [newUser(), newUser()];
    await storedCopy(ann);
    userDataFor(ann).newTodoDraft.set('ann was typing');
    // Ann's session ends without sign-out (e.g. the tab was closed, or it expired).
    releaseUserData();
    const bobData = userDataFor(bob);
    await bobData.othersForgotten;
    expect(await copies()).not.toContain(ann);
    expect(storage.getItem(`todos.draft.${encodeURIComponent(ann)}.new-todo`)).toBeNull();
    await bobData.collection.toArrayWhenReady();
    await vi.waitFor(async () => expect(await copies()).toContain(bob));
  });

  it('stays when another account signs in while its owner is still signed in in another tab', async () => {
    const [ann, bob] = [newUser(), newUser()];
    await storedCopy(ann);
    const annsTab = holdSharedLock(`todos-signed-in:${ann}`);
    try {
      await userDataFor(bob).othersForgotten;
      expect(await copies()).toContain(ann);
      expect(await loadCopy(ann)).toMatchObject({ copy: { cursor: 'c0', complete: true }, outbox: [unsent] });
    } finally {
      await annsTab();
    }
  });

  it('is never written on a shared computer, and an earlier copy of the user goes', async () => {
    const dan = newUser();
    await storedCopy(dan);
    sharedComputer.set(true);
    const data = userDataFor(dan);
    await data.othersForgotten;
    await data.collection.toArrayWhenReady();
    const tx = data.collection.insert({ ...todo('typed here'), version: 0 });
    await tx.when('settled').catch(() => undefined);
    expect(await copies()).not.toContain(dan);
    // Sign-out forgets the choice: the next person in this tab chooses again.
    await forgetUser(dan);
    expect(sharedComputer.get()).toBe(false);
  });
});
