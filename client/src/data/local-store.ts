/**
 * Where one user's todos and lists live between page loads: the entity-agnostic local copy
 * (sync/local-copy-store.ts: IndexedDB, one store each for rows, tombstones, outbox
 * and the download state, so a click's outbox entry never waits behind the list),
 * one database per user and entity, named `todos:<user id>` and `lists:<user id>`.
 * Sign-out and the end of a session treat both alike.
 *
 * Every change writes only the keys it touches (a toggle is one `put`), never the
 * whole list; the list is stored a page at a time as it downloads. Rows and
 * tombstones are only ever written with what the server confirmed; the outbox holds
 * the rest.
 */
import { defaultListId } from '../../../shared/list-id';
import type { List } from '../../../shared/list';
import type { Todo } from '../../../shared/todo';
import type { ListOutboxEntry } from './list-sync';
import type { TodoOutboxEntry } from './todo-sync';
import {
  copyDatabaseNames,
  deleteCopyDatabase,
  forgetCopyKeepOutbox,
  indexedDbCopyStore,
  memoryCopyStore,
  type LocalCopyStore,
  type LocalSnapshot as CopySnapshot,
} from './sync/local-copy-store';

export { reportStorageError } from './sync/local-copy-store';
export type { CopyState } from './sync/local-copy-store';

export type LocalStore = LocalCopyStore<Todo, TodoOutboxEntry>;
export type LocalSnapshot = CopySnapshot<Todo, TodoOutboxEntry>;
export type ListStore = LocalCopyStore<List, ListOutboxEntry>;

const DATABASE_PREFIX = 'todos:';
const LISTS_PREFIX = 'lists:';
export const databaseName = (userId: string) => `${DATABASE_PREFIX}${userId}`;
const listsDatabaseName = (userId: string) => `${LISTS_PREFIX}${userId}`;
/** Every database of a user: what sign-out deletes. */
const databasesOf = (userId: string) => [databaseName(userId), listsDatabaseName(userId)];

const todoKey = (todo: Todo) => todo.id;

/** Checked on every stored row at open, so it is cheap: the fields the list reads. */
const isStoredTodo = (value: unknown): value is Omit<Todo, 'listId'> & { listId?: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Todo).id === 'string' &&
  typeof (value as Todo).name === 'string' &&
  typeof (value as Todo).version === 'number' &&
  ((value as Todo).status === 'pending' || (value as Todo).status === 'completed');

/**
 * A row stored before todos carried their list (`listId`) is in the person's default list and
 * gets its id here, instead of the whole copy being thrown away and downloaded again.
 */
function storedTodoCheck(defaultList: string) {
  return (value: unknown): value is Todo => {
    if (!isStoredTodo(value)) return false;
    value.listId ??= defaultList;
    return typeof value.listId === 'string';
  };
}

export const indexedDbStore = (userId: string): LocalStore =>
  indexedDbCopyStore({ name: databaseName(userId), key: todoKey, isRow: storedTodoCheck(defaultListId(userId)) });

/** Without IndexedDB (Node tests, "shared computer"): the same interface, kept in memory only. */
export const memoryStore = (): LocalStore => memoryCopyStore(todoKey);

/** Checked on every stored list at open: the fields the lists navigation reads. */
const isStoredList = (value: unknown): value is List =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as List).id === 'string' &&
  typeof (value as List).name === 'string' &&
  typeof (value as List).version === 'number' &&
  typeof (value as List).role === 'string' &&
  typeof (value as List).isDefault === 'boolean';

export const indexedDbListStore = (userId: string): ListStore => indexedDbCopyStore({ name: listsDatabaseName(userId), key: (list) => list.id, isRow: isStoredList });

export const memoryListStore = (): ListStore => memoryCopyStore((list: List) => list.id);

/**
 * Every user who has a local copy in this browser profile (from the database names).
 * Empty where the browser cannot list databases (`indexedDB.databases()` is missing).
 */
export async function usersWithLocalCopies(): Promise<string[]> {
  const todos = (await copyDatabaseNames(DATABASE_PREFIX)).map((name) => name.slice(DATABASE_PREFIX.length));
  const lists = (await copyDatabaseNames(LISTS_PREFIX)).map((name) => name.slice(LISTS_PREFIX.length));
  return [...new Set([...todos, ...lists])];
}

/**
 * A session that ended without sign-out (decision 065): the copy of the list goes
 * (rows, tombstones, download state), the writes not yet sent stay for this user's
 * next sign-in in this browser (deleting them would lose work the user believes is
 * saved). Without any, the database goes too. Returns how many writes are kept.
 */
export async function forgetListKeepUnsent(userId: string): Promise<number> {
  let kept = 0;
  for (const name of databasesOf(userId)) kept += await forgetCopyKeepOutbox(name);
  return kept;
}

/** Sign-out: the user's database goes, rows, outbox and all. */
export async function deleteLocalData(userId: string): Promise<void> {
  for (const name of databasesOf(userId)) await deleteCopyDatabase(name);
}
