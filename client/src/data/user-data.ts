/**
 * Data that belongs to the signed-in user: their todos collection (with a query key
 * that names them) and their drafts. Made when a user is first rendered, and
 * released (collection cleaned up, the whole query cache cleared) when they sign
 * out or another user appears, before anything of the next user is rendered: no
 * row of one user can be shown while another is signed in.
 */
import { createContext, useContext } from 'react';
import { api, feedApi, queryClient } from './app-data';
import { deleteLocalData, indexedDbStore, memoryStore } from './local-store';
import { removeStoredDrafts, sessionDraft, type SessionDraft } from './session-draft';
import { createTodoIndex, type TodoIndex } from './todo-index';
import { createTodosCollection, type TodosCollection } from './todos-collection';
import { writeErrors } from './write-errors';

/** A rename in progress: which todo, and the text typed so far. */
export interface EditDraft {
  id: string;
  name: string;
}

export interface UserData {
  userId: string;
  collection: TodosCollection;
  /** What is typed in the new-todo input. */
  newTodoDraft: SessionDraft<string>;
  editDraft: SessionDraft<EditDraft>;
  /** The collection in id order, all and per status, with the counts: what the list reads. */
  index: TodoIndex;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isEditDraft = (value: unknown): value is EditDraft =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EditDraft).id === 'string' &&
  typeof (value as EditDraft).name === 'string';

const draftPrefix = (userId: string) => `${encodeURIComponent(userId)}.`;

let current: UserData | undefined;

/** The data of `userId`: the same object for as long as that user stays signed in. */
export function userDataFor(userId: string): UserData {
  if (current?.userId === userId) return current;
  releaseUserData();
  const prefix = draftPrefix(userId);
  const collection = createTodosCollection(api, queryClient, {
    userId,
    feedApi,
    // The local copy outlives the page (opened from it next time, and offline).
    store: typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(userId),
  });
  current = {
    userId,
    collection,
    newTodoDraft: sessionDraft(`${prefix}new-todo`, isString),
    editDraft: sessionDraft(`${prefix}edit`, isEditDraft),
    index: createTodoIndex((apply) => {
      const subscription = collection.subscribeChanges(apply, { includeInitialState: true });
      return () => subscription.unsubscribe();
    }),
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
  released.collection.todoSync.stop();
  released.index.stop();
  void released.collection.cleanup();
}

/**
 * Sign-out: release the data and remove everything of the user kept in this browser:
 * drafts of this tab, and the local copy (rows, cursor and unsent writes) in IndexedDB.
 */
export async function forgetUser(userId: string): Promise<void> {
  releaseUserData();
  removeStoredDrafts(draftPrefix(userId));
  await deleteLocalData(userId).catch((error: unknown) => console.warn('Could not delete the local copy of your todos', error));
}

export const UserDataContext = createContext<UserData | null>(null);

export function useUserData(): UserData {
  const data = useContext(UserDataContext);
  if (!data) throw new Error('useUserData() outside a signed-in user');
  return data;
}

export const useTodosCollection = (): TodosCollection => useUserData().collection;
