/**
 * Data that belongs to the signed-in user: their todos collection (with a query key
 * that names them) and their drafts. Made when a user is first rendered, and
 * released (collection cleaned up, the whole query cache cleared) when they sign
 * out or another user appears, before anything of the next user is rendered: no
 * row of one user can be shown while another is signed in.
 *
 * What stays in this browser, and when it goes (decision 065):
 * - sign-out (`forgetUser`): everything of the user — local copy, unsent writes, drafts;
 * - the session ended otherwise (`endSession`: renewal refused, expired for good): the
 *   local copy of the list; unsent writes stay for the same user's next sign-in;
 * - another account signs in (`userDataFor`): every other user's local copy and this
 *   tab's drafts of other users, except a user still signed in in another tab;
 * - "this is a shared computer": the user's todos are kept in memory only.
 * Each tab holds a shared Web Lock `todos-signed-in:<user>` while a user is signed in
 * there, which is how another tab knows that user's copy is still in use.
 */
import { createContext, useContext } from 'react';
import { sharedComputer } from '../auth/shared-computer';
import { api, feedApi, queryClient } from './app-data';
import { deleteLocalData, forgetListKeepUnsent, indexedDbListStore, indexedDbStore, memoryListStore, memoryStore, usersWithLocalCopies } from './local-store';
import { removeStoredDrafts, removeStoredDraftsExcept, sessionDraft, type SessionDraft } from './session-draft';
import { createTodoIndex, type ChangeSource, type TodoIndex } from './todo-index';
import { createListCounts, type ListCounts } from './list-counts';
import { createPersonSync, type ListsCollection, type PersonSync } from './person-sync';
import type { TodosCollection } from './todos-collection';
import { defaultListId } from '../../../shared/list-id';
import { holdSharedLock, webLock } from './web-lock';
import { writeErrors } from './write-errors';

/** A rename in progress: which todo, and the text typed so far. */
export interface EditDraft {
  id: string;
  name: string;
}

export interface UserData {
  userId: string;
  /** The person's default list (its id derives from their user id, shared/list-id.ts): the TodoMVC routes show it. */
  defaultListId: string;
  /** The person's lists. */
  lists: ListsCollection;
  /** The todos of every list of the person. */
  collection: TodosCollection;
  /** What keeps the person's collections in sync (the feed and the outboxes). */
  sync: PersonSync;
  /** What is typed in the new-todo input. */
  newTodoDraft: SessionDraft<string>;
  editDraft: SessionDraft<EditDraft>;
  /**
   * One list's todos in id order, all and per status, with the counts: what the list shows.
   * Made on first use and kept (switching back is immediate).
   */
  indexFor: (listId: string) => TodoIndex;
  /** Each list's count of active todos (the lists navigation). */
  listCounts: ListCounts;
  /** Settles once other accounts' local copies have been deleted (those not in use elsewhere). */
  othersForgotten: Promise<void>;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isEditDraft = (value: unknown): value is EditDraft =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EditDraft).id === 'string' &&
  typeof (value as EditDraft).name === 'string';

const draftPrefix = (userId: string) => `${encodeURIComponent(userId)}.`;

/** Held (shared) by every tab where `userId` is signed in. */
const signedInLock = (userId: string) => `todos-signed-in:${userId}`;

let current: (UserData & { releaseSignedIn: () => Promise<void>; stopIndexes: () => void }) | undefined;
/** Settles once the last released user's lock is let go (this tab no longer counts as theirs). */
let lastReleased: Promise<void> = Promise.resolve();

/**
 * Deletes the local copy of every other user of this browser profile who is not signed
 * in in another tab, and (on a shared computer) an earlier copy of this user too.
 */
async function forgetOtherAccounts(userId: string, shared: boolean): Promise<void> {
  // The previous user of this tab must no longer count as signed in here.
  await lastReleased;
  for (const other of await usersWithLocalCopies()) {
    if (other === userId) {
      // This tab holds the user's lock itself: a copy from before "shared computer" was chosen.
      if (shared) await deleteLocalData(userId);
      continue;
    }
    await webLock(signedInLock(other), () => deleteLocalData(other), { ifAvailable: true });
  }
}

/** The data of `userId`: the same object for as long as that user stays signed in. */
export function userDataFor(userId: string): UserData {
  if (current?.userId === userId) return current;
  releaseUserData();
  const prefix = draftPrefix(userId);
  const shared = sharedComputer.get();
  const releaseSignedIn = holdSharedLock(signedInLock(userId));
  removeStoredDraftsExcept(prefix);
  const othersForgotten = forgetOtherAccounts(userId, shared).catch((error: unknown) =>
    console.warn('Could not delete the local copies of other accounts', error),
  );
  // The local copy outlives the page (opened from it next time, and offline), except on
  // a computer the user said is shared: then nothing of theirs is written to the browser.
  const inMemory = typeof indexedDB === 'undefined' || shared;
  const sync = createPersonSync({
    userId,
    api,
    feedApi,
    store: inMemory ? memoryStore() : indexedDbStore(userId),
    listStore: inMemory ? memoryListStore() : indexedDbListStore(userId),
  });
  const collection = sync.todos;
  // The collection's rows, and the rows of a long list shown before the collection has
  // taken them in (decision 081): together, every todo as soon as it is read.
  const everyTodo: ChangeSource = (apply) => {
    const subscription = collection.subscribeChanges(apply, { includeInitialState: true });
    const stopUnfilled = collection.sync.showUnfilled(apply);
    return () => {
      subscription.unsubscribe();
      stopUnfilled();
    };
  };
  const indexes = new Map<string, TodoIndex>();
  const listCounts = createListCounts(everyTodo);
  current = {
    releaseSignedIn,
    othersForgotten,
    userId,
    defaultListId: defaultListId(userId),
    lists: sync.lists,
    collection,
    sync,
    newTodoDraft: sessionDraft(`${prefix}new-todo`, isString),
    editDraft: sessionDraft(`${prefix}edit`, isEditDraft),
    indexFor(listId) {
      let index = indexes.get(listId);
      if (!index) {
        // The collection holds the todos of every list: this index reads one.
        index = createTodoIndex((apply) =>
          everyTodo((changes) => {
            const inList = changes.filter((change) => change.value.listId === listId);
            if (inList.length > 0) apply(inList);
          }),
        );
        indexes.set(listId, index);
      }
      return index;
    },
    listCounts,
    stopIndexes: () => {
      for (const index of indexes.values()) index.stop();
      listCounts.stop();
    },
  };
  return current;
}

/** Drops the current user's data from memory: collection rows and index, every cached query, the error banner. */
export function releaseUserData(): void {
  const released = current;
  current = undefined;
  queryClient.clear();
  writeErrors.dismiss();
  if (!released) return;
  // No more polls or sends for this user; what is waiting stays stored for next time.
  released.sync.stop();
  released.stopIndexes();
  void released.collection.cleanup();
  lastReleased = released.releaseSignedIn();
}

/**
 * Sign-out: release the data and remove everything of the user kept in this browser:
 * drafts of this tab, and the local copy (rows, cursor and unsent writes) in IndexedDB.
 */
export async function forgetUser(userId: string): Promise<void> {
  releaseUserData();
  removeStoredDrafts(draftPrefix(userId));
  sharedComputer.set(false);
  await deleteLocalData(userId).catch((error: unknown) => console.warn('Could not delete the local copy of your todos', error));
}

/**
 * The session ended without sign-out (the identity provider refused to renew it, or it
 * expired with no way to renew): release the data and delete the local copy of the list,
 * keeping the writes not yet sent for this user's next sign-in here — unless the user is
 * still signed in in another tab, whose copy stays whole. Drafts of this tab stay too
 * (the text comes back after signing in again). Returns how many unsent writes are kept.
 */
export async function endSession(userId: string): Promise<number> {
  releaseUserData();
  await lastReleased;
  try {
    const kept = await webLock(signedInLock(userId), () => forgetListKeepUnsent(userId), { ifAvailable: true });
    return kept ?? 0;
  } catch (error) {
    console.warn('Could not delete the local copy of your todos', error);
    return 0;
  }
}

export const UserDataContext = createContext<UserData | null>(null);

export function useUserData(): UserData {
  const data = useContext(UserDataContext);
  if (!data) throw new Error('useUserData() outside a signed-in user');
  return data;
}

export const useTodosCollection = (): TodosCollection => useUserData().collection;

/** The list on screen: its id, its todos' index and the collection its todos are written to. */
export interface OpenList {
  listId: string;
  /** The id its links carry: undefined for the default list, whose routes are TodoMVC's (`#/active`). */
  linkId: string | undefined;
  /** A viewer's list: shown without the controls that change todos (the server would refuse them). */
  readOnly: boolean;
  index: TodoIndex;
  collection: TodosCollection;
}

export const OpenListContext = createContext<OpenList | null>(null);

export function useOpenList(): OpenList {
  const list = useContext(OpenListContext);
  if (!list) throw new Error('useOpenList() outside an open list');
  return list;
}
