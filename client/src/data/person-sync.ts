/**
 * Everything one signed-in person syncs: their entities' collections, each kept by its own
 * sync (local copy, outbox), and the one change feed that keeps them all fresh
 * (sync/person-feed.ts). The feed starts once every collection has shown its first load:
 * before that there is no cursor to follow.
 */
import type { TodosClient } from '../../api/create-todos-client';
import type { LocalStore } from './local-store';
import type { PageActivity } from './page-activity';
import { browserActivity } from './page-activity';
import { createPersonFeed } from './sync/person-feed';
import { createTodosCollection, type TodosCollection } from './todos-collection';
import type { LockRunner } from './web-lock';

export interface PersonSyncOptions {
  userId: string;
  /** Sends the writes. */
  api: TodosClient;
  /** Reads the lists and the feed: its own client, so a poll never shares an HTTP batch with a write. */
  feedApi?: TodosClient;
  /** Where the todos' local copy is kept. */
  store?: LocalStore;
  activity?: PageActivity;
  lock?: LockRunner;
}

export interface PersonSync {
  todos: TodosCollection;
  /** Asks the feed once now (tests). */
  pollOnce: () => Promise<boolean>;
  /** No more polls or sends; what waits stays stored for next time. */
  stop: () => void;
}

export function createPersonSync({ userId, api, feedApi = api, store, activity = browserActivity, lock }: PersonSyncOptions): PersonSync {
  const todos = createTodosCollection(api, { userId, feedApi, activity, ...(store && { store }), ...(lock && { lock }) });
  const feed = createPersonFeed({
    targets: [todos.sync.feedTarget],
    read: (cursor) => feedApi.todos.changes.query({ cursor }),
    deliver: (page) => {
      todos.sync.feedTarget.apply(page.changes);
      return Promise.resolve();
    },
    activity,
    onAnswer: todos.sync.apiAnswered,
    onConnection: todos.sync.connection,
  });
  let stopped = false;
  todos.onFirstReady(() => {
    if (!stopped) feed.start();
  });
  return {
    todos,
    pollOnce: feed.pollOnce,
    stop() {
      stopped = true;
      feed.stop();
      todos.sync.stop();
    },
  };
}
