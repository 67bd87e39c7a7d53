/**
 * One entity's sync for one person, made of the engine's parts:
 *
 *   loader.ts        the first load (stored copy or download) and the whole list again
 *   feed-target.ts   what the change feed does to the copy (the person's one feed,
 *                    person-feed.ts, serves every entity)
 *   outbox-sender.ts the person's writes: stored, sent in order, retried, undone if refused
 *   row-view.ts      what the collection shows: confirmed rows + waiting entries
 *
 * sharing one state (sync-state.ts). The entity brings its definition and procedures
 * (entity.ts); entity-collection.ts makes the TanStack DB collection that shows it.
 */
import { syncStatus } from '../sync-status';
import { browserActivity, type PageActivity } from '../page-activity';
import type { LockRunner } from '../web-lock';
import type { EntityApi, EntityDefinition, SyncedRow } from './entity';
import { createFeedTarget } from './feed-target';
import type { LocalCopyStore } from './local-copy-store';
import { createLoader } from './loader';
import type { OutboxEntry } from './outbox-entries';
import { createOutboxSender, type OutboxOrder, type OutboxSenderOptions } from './outbox-sender';
import { createRowView, type UnfilledListener } from './row-view';
import type { SyncedWriter } from './synced-collection';
import { createSyncState, updateStatus } from './sync-state';

export interface EntitySyncOptions<Row extends SyncedRow, Changes extends object> {
  entity: EntityDefinition<Row, Changes>;
  api: EntityApi<Row, Changes>;
  /** Whose rows these are: scopes the outbox lock. */
  userId: string;
  store: LocalCopyStore<Row, OutboxEntry<Row, Changes>>;
  /** The collection's write utilities (read when first needed: the collection is made after the sync). */
  writer: () => SyncedWriter<Row>;
  /**
   * Resolves once the collection holds what `load()` returned. Rows written into it before
   * that would be dropped when it takes the load's result, so the rest of a long list waits.
   */
  whenReady?: () => Promise<void>;
  activity?: PageActivity;
  lock?: LockRunner;
  /** For the error banner's Retry: the same change made again (updates and deletes). */
  retryOf?: (entry: OutboxEntry<Row, Changes>) => (() => void) | undefined;
  /** A refused rename the entity's editor can reopen (outbox-sender.ts). */
  renameOf?: OutboxSenderOptions<Row, Changes>['renameOf'];
  /** Another entity's outbox that sends first (outbox-sender.ts). */
  after?: OutboxOrder;
}

export function createEntitySync<Row extends SyncedRow, Changes extends object>({
  entity,
  api,
  userId,
  store,
  writer,
  whenReady = () => Promise.resolve(),
  activity = browserActivity,
  lock,
  retryOf,
  renameOf,
  after,
}: EntitySyncOptions<Row, Changes>) {
  const state = createSyncState(entity, store);
  const view = createRowView(state, writer);
  const sender = createOutboxSender({ state, view, api, userId, lock, retryOf, ...(renameOf && { renameOf }), ...(after && { after }) });
  const loader = createLoader({ state, view, api, whenReady, onOutboxRestored: sender.restored });
  const feedTarget = createFeedTarget(state, view, loader, api);
  let started = false;
  let unsubscribe: (() => void) | undefined;

  return {
    /** The collection's first load: the rows it takes at once (the rest is shown and filled in after). */
    load: loader.load,
    enqueue: sender.enqueue,
    /** For an entity whose writes must come after this one's. */
    outboxOrder: sender.order,
    newEntryId: sender.newEntryId,
    /** Resolves once the whole list is shown (all pages), the first time. */
    whenLoaded: loader.whenLoaded,
    /** Resolves once every row shown is in the collection too (read before a write to many rows). */
    whenFilled: view.whenFilled,
    /** Whether `id` is shown but not yet in the collection. */
    isUnfilled: (id: string): boolean => view.unfilled().has(id),
    /**
     * Makes sure `ids` are in the collection before a write to them: rows shown but not yet
     * filled are written now. Resolves once TanStack DB applied them (at once, unless a
     * user's transaction is persisting: then when it settles).
     */
    take: view.take,
    /**
     * Tells `listener` about the rows shown but not yet in the collection. With the
     * collection's own changes, that is the whole list (what the index reads).
     */
    showUnfilled: (listener: UnfilledListener<Row>): (() => void) => view.showUnfilled(listener),
    /** What the person's change feed (person-feed.ts) applies its answers to. */
    feedTarget,
    /** The API answered (a feed poll): writes waiting for a retry go now. */
    apiAnswered: sender.apiAnswered,
    /** The network went or came back (a feed poll): the status line says so. */
    connection: (connection: 'online' | 'offline') => updateStatus(state, connection),
    /** Once the collection has shown the first load: start sending (the person's feed starts once every entity is shown). */
    start() {
      if (state.stopped || started) return;
      started = true;
      unsubscribe = activity.onWake((reason) => {
        if (reason === 'online') sender.online();
      });
      sender.kick();
    },
    stop() {
      state.stopped = true;
      unsubscribe?.();
      sender.stop();
      view.stop();
      syncStatus.reset();
      store.close();
    },
    /** For tests: the confirmed rows and the outbox. */
    inspect: () => ({ confirmed: state.rows.confirmed, gone: state.rows.gone, outbox: state.outbox, cursor: state.cursor }),
  };
}

export type EntitySync<Row extends SyncedRow, Changes extends object> = ReturnType<typeof createEntitySync<Row, Changes>>;
