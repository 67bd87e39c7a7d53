/**
 * Where one user's todos live between page loads: the entity-agnostic local copy
 * (sync/local-copy-store.ts: IndexedDB, one store each for rows, tombstones, outbox
 * and the download state, so a click's outbox entry never waits behind the list),
 * one database per user, named `todos:<user id>`.
 *
 * Every change writes only the keys it touches (a toggle is one `put`), never the
 * whole list; the list is stored a page at a time as it downloads. Rows and
 * tombstones are only ever written with what the server confirmed; the outbox holds
 * the rest.
 */
import { defaultListId } from '../../../shared/list-id';
import type { Todo } from '../../../shared/todo';
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

const DATABASE_PREFIX = 'todos:';
export const databaseName = (userId: string) => `${DATABASE_PREFIX}${userId}`;

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

/**
 * Every user who has a local copy in this browser profile (from the database names).
 * Empty where the browser cannot list databases (`indexedDB.databases()` is missing).
 */
export async function usersWithLocalCopies(): Promise<string[]> {
  return (await copyDatabaseNames(DATABASE_PREFIX)).map((name) => name.slice(DATABASE_PREFIX.length));
}

/**
 * A session that ended without sign-out (decision 065): the copy of the list goes
 * (rows, tombstones, download state), the writes not yet sent stay for this user's
 * next sign-in in this browser (deleting them would lose work the user believes is
 * saved). Without any, the database goes too. Returns how many writes are kept.
 */
export const forgetListKeepUnsent = (userId: string): Promise<number> => forgetCopyKeepOutbox(databaseName(userId));

/** Sign-out: the user's database goes, rows, outbox and all. */
export const deleteLocalData = (userId: string): Promise<void> => deleteCopyDatabase(databaseName(userId));
