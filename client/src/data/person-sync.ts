/**
 * Everything one signed-in person syncs: their lists and the todos of every list they can
 * open, each entity a collection kept by its own sync (local copy, outbox), and the one
 * change feed that keeps both fresh (`sync.changes`, sync/person-feed.ts).
 *
 * - Lists load first (one request, or the copy on the device): a first download of the
 *   todos reads every list's todos, the default list's first.
 * - The feed starts once both collections have shown their first load: before that there
 *   is no cursor to follow. Each answer is applied lists first: a list taken away (left,
 *   removed, deleted) takes its todos with it, from the screen and the device, without
 *   tombstones (nothing was deleted: invited back, they return); a list this copy does not
 *   know yet (joined, or made on another device), and every list the answer names in
 *   `reload`, is read again in full.
 */
import type { List, ListChanges } from '../../../shared/list';
import { defaultListId } from '../../../shared/list-id';
import type { TodosClient } from '../../api/create-todos-client';
import { isUnauthorized } from './auth-errors';
import { LIST_LOAD_RETRIES, listLoadRetryDelayMs } from './list-load-retry';
import { memoryListStore, type ListStore, type LocalStore } from './local-store';
import type { PageActivity } from './page-activity';
import { browserActivity } from './page-activity';
import { createEntityCollection } from './sync/entity-collection';
import { quoted } from './sync/quoted';
import { createPersonFeed } from './sync/person-feed';
import { createTodosCollection, type TodosCollection } from './todos-collection';
import { createListSync, listEntity } from './list-sync';
import type { LockRunner } from './web-lock';

export interface PersonSyncOptions {
  userId: string;
  /** Sends the writes. */
  api: TodosClient;
  /** Reads the lists and the feed: its own client, so a poll never shares an HTTP batch with a write. */
  feedApi?: TodosClient;
  /** Where the todos' local copy is kept (default: memory only). */
  store?: LocalStore;
  /** Where the lists' local copy is kept (default: memory only). */
  listStore?: ListStore;
  activity?: PageActivity;
  lock?: LockRunner;
}

function createListsCollection(api: TodosClient, { userId, feedApi, store, activity, lock }: Required<Pick<PersonSyncOptions, 'userId' | 'feedApi'>> & { store: ListStore; activity: PageActivity; lock: LockRunner | undefined }) {
  return createEntityCollection<List, ListChanges>({
    entity: listEntity,
    id: `lists:${userId}`,
    createSync: (hooks) => createListSync({ userId, api, feedApi, store, activity, ...(lock && { lock }), ...hooks }),
    retry: { retries: LIST_LOAD_RETRIES, delayMs: listLoadRetryDelayMs, retryable: (error) => !isUnauthorized(error) },
    // "Could not create the list “Trip”: …" (a todo's is "Could not add “milk”").
    describeInsert: (list) => `create the list ${quoted(list.name)}`,
  });
}

export type ListsCollection = ReturnType<typeof createListsCollection>;

export interface PersonSync {
  lists: ListsCollection;
  todos: TodosCollection;
  /** A list just joined (`lists.join`'s answer): shown at once, its todos read in full. */
  joined: (list: List) => Promise<void>;
  /** A list just left: it goes from the screen and the device with its todos, as the feed would take it. */
  left: (listId: string) => void;
  /** Asks the feed once now (tests). */
  pollOnce: () => Promise<boolean>;
  /** No more polls or sends; what waits stays stored for next time. */
  stop: () => void;
}

export function createPersonSync({ userId, api, feedApi = api, store, listStore = memoryListStore(), activity = browserActivity, lock }: PersonSyncOptions): PersonSync {
  const defaultList = defaultListId(userId);
  const othersOf = (loaded: readonly List[]) => loaded.filter((list) => list.id !== defaultList).map((list) => list.id);
  const lists = createListsCollection(api, { userId, feedApi, store: listStore, activity, lock });
  /**
   * The other lists whose todos a whole download reads, once the lists are loaded. Lists that
   * could not be loaded fail the todos' download too (it would miss those lists' todos): the
   * page shows the load error, and its Retry tries the lists again first.
   */
  const otherLists = async () => {
    if (lists.utils.loadError() !== undefined) await lists.utils.refetch();
    return othersOf(await lists.toArrayWhenReady());
  };
  const todos = createTodosCollection(api, {
    userId,
    feedApi,
    activity,
    otherLists,
    after: lists.sync.outboxOrder,
    ...(store && { store }),
    ...(lock && { lock }),
  });
  const feed = createPersonFeed({
    // In the order they load and store: lists, then todos.
    targets: [lists.sync.feedTarget, todos.sync.feedTarget],
    read: (cursor) => feedApi.sync.changes.query({ cursor }).then((page) => (page.expired ? page : { ...page, hasMore: false })),
    async deliver(page) {
      const taken = new Set(page.lists.flatMap((change) => (change.deleted ? [change.id] : [])));
      const live = page.lists.filter((change) => !change.deleted);
      const unknown = live.filter((list) => !lists.sync.feedTarget.has(list.id)).map((list) => list.id);
      lists.sync.feedTarget.forget(taken);
      lists.sync.feedTarget.apply(live);
      todos.sync.feedTarget.forget(taken);
      todos.sync.feedTarget.apply(page.todos);
      await todos.sync.feedTarget.reload([...new Set([...unknown, ...page.reload])]);
    },
    activity,
    onAnswer: () => {
      lists.sync.apiAnswered();
      todos.sync.apiAnswered();
    },
    onConnection: todos.sync.connection,
  });
  let stopped = false;
  let shown = 0;
  /**
   * Lists read from the server but todos from the device (the first open since this version,
   * or a lists copy that could not be read): the stored todos may lack other lists' todos, so
   * those lists are read in full before the feed starts.
   */
  async function completeStoredTodos() {
    const listsStart = lists.sync.feedTarget.startCursor();
    const todosStart = todos.sync.feedTarget.startCursor();
    if (!listsStart?.fresh || todosStart?.fresh !== false) return;
    await todos.sync.feedTarget.reload(othersOf(lists.toArray)).catch((error: unknown) => console.warn('Could not read the todos of your other lists', error));
  }
  const oneShown = () => {
    if (++shown < 2 || stopped) return;
    void completeStoredTodos().then(() => {
      if (!stopped) feed.start();
    });
  };
  lists.onFirstReady(oneShown);
  todos.onFirstReady(oneShown);
  // The lists load at once (the todos' first download waits for them). Failed, with the todos
  // shown from the device (offline), they are tried again when the page wakes (back online).
  void lists.preload().catch(() => undefined);
  const stopWaking = activity.onWake(() => {
    if (lists.utils.loadError() !== undefined) void lists.utils.refetch();
  });
  return {
    lists,
    todos,
    async joined(list) {
      lists.sync.feedTarget.apply([{ ...list, deleted: false }]);
      await todos.sync.feedTarget.reload([list.id]);
    },
    left(listId) {
      const gone = new Set([listId]);
      lists.sync.feedTarget.forget(gone);
      todos.sync.feedTarget.forget(gone);
    },
    pollOnce: feed.pollOnce,
    stop() {
      stopped = true;
      stopWaking();
      feed.stop();
      lists.sync.stop();
      todos.sync.stop();
    },
  };
}
