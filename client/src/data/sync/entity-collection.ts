/**
 * An entity's TanStack DB collection, kept by its sync (entity-sync.ts):
 *
 * - persisted: the first load is the copy stored on the device when there is one, so the
 *   list shows before any request; afterwards the change feed keeps it fresh (no refetch on
 *   focus, reconnect or after writes);
 * - writable offline: each handler turns its transaction into one outbox entry (one request
 *   when online), which is stored, applied to the synced state and sent in order. The handler
 *   settles when the server answered or as soon as the entry has to wait (offline, 503): the
 *   change then stays, marked pending, until it is sent. A refused write (4xx, 500) throws while
 *   the handler still waits, so TanStack DB rolls it back; refused later, it is undone by the
 *   sync. Both report it. Each handler records on its transaction whether the server confirmed
 *   the write or it waits (write-outcome.ts), so the UI announces success only once it is true.
 *
 * What the person is told about a write ("Could not add “Buy milk”") is named here from the
 * entity's nouns and row labels; an entity may name its own updates (a todo "marked as
 * completed").
 */
import { createCollection } from '@tanstack/react-db';
import { pickFields } from '../../../../shared/fields';
import { recordOutcome } from '../write-outcome';
import type { EntityDefinition, SyncedRow } from './entity';
import type { EntitySync, EntitySyncOptions } from './entity-sync';
import type { OutboxEntry } from './outbox-entries';
import { quoted } from './quoted';
import { syncedCollectionOptions, type LoadRetry } from './synced-collection';

/** What the collection gives its sync: where to write, when it is ready, how to retry a refused write. */
export type CollectionHooks<Row extends SyncedRow, Changes extends object> = Pick<EntitySyncOptions<Row, Changes>, 'writer' | 'whenReady' | 'retryOf'>;

export interface EntityCollectionOptions<Row extends SyncedRow, Changes extends object> {
  entity: EntityDefinition<Row, Changes>;
  /** Per person: nothing read from one person's collection can be taken for another's. */
  id: string;
  /** Makes the sync behind the collection (the entity's procedures, store and person). */
  createSync: (hooks: CollectionHooks<Row, Changes>) => EntitySync<Row, Changes>;
  retry?: LoadRetry;
  /** Names a one-row update other than a rename in messages, when the entity has better words than "save changes to …". */
  describeUpdate?: (original: Row, changes: Partial<Row>) => string | undefined;
  /** Names a one-row add in messages, when the entity has better words than "add “…”" ("create the list “…”"). */
  describeInsert?: (row: Row) => string;
}

/** "1 todo", "3 todos". */
function count(n: number, { singular, name }: { singular: string; name: string }) {
  return `${n} ${n === 1 ? singular : name}`;
}

export function createEntityCollection<Row extends SyncedRow, Changes extends object>({
  entity,
  id,
  createSync,
  retry,
  describeUpdate,
  describeInsert = (row) => `add ${quoted(entity.label(row))}`,
}: EntityCollectionOptions<Row, Changes>) {
  const label = (row: Row) => quoted(entity.label(row));
  const sync = createSync({
    writer: () => collection.utils.writer,
    whenReady: () => new Promise((resolve) => collection.onFirstReady(resolve)),
    retryOf: (entry) => retryOf(entry),
  });

  function describeOne(original: Row, changes: Partial<Row>): string {
    const name = (changes as { name?: unknown }).name;
    if (typeof name === 'string') return `rename ${label(original)} to ${quoted(name)}`;
    return describeUpdate?.(original, changes) ?? `save changes to ${label(original)}`;
  }

  const collection = createCollection(
    syncedCollectionOptions<Row>({
      id,
      getKey: (row) => row.id,
      // Loaded once; after that the change feed and the outbox keep it current.
      load: (signal) => sync.load(signal),
      ...(retry && { retry }),

      onInsert: async ({ transaction }) => {
        const rows = transaction.mutations.map(({ modified }) => modified);
        const action = rows.length === 1 && rows[0] !== undefined ? describeInsert(rows[0]) : `add ${count(rows.length, entity)}`;
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'create', action, rows }));
      },

      onUpdate: async ({ transaction }) => {
        const items = transaction.mutations.map(({ key, changes, original }) => ({
          id: key,
          // What the person changed, of the fields a person writes (from their schema).
          changes: pickFields(changes, entity.contentFields) as Changes,
          // The version the edit was made on (0: a row whose create has not been answered yet).
          ...(original.version > 0 && { expectedVersion: original.version }),
        }));
        const [first] = transaction.mutations;
        const action = items.length === 1 ? describeOne(first.original, first.changes) : `save changes to ${count(items.length, entity)}`;
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'update', action, items }));
      },

      onDelete: async ({ transaction }) => {
        const ids = transaction.mutations.map(({ key }) => key);
        const [first] = transaction.mutations;
        const action = ids.length === 1 ? `delete ${label(first.original)}` : `delete ${count(ids.length, entity)}`;
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'delete', action, ids }));
      },
    }),
  );

  /** The error banner's Retry for a refused update or delete: the same change, made again. */
  function retryOf(entry: OutboxEntry<Row, Changes>): (() => void) | undefined {
    if (entry.kind === 'update') {
      return () =>
        withRows(
          entry.items.map((item) => item.id),
          () => {
            const present = entry.items.filter((item) => collection.has(item.id));
            if (present.length === 0) return;
            collection.update(
              present.map((item) => item.id),
              (drafts) => {
                drafts.forEach((draft, index) => {
                  const changes = present[index]?.changes;
                  if (changes) Object.assign(draft, pickFields(changes, entity.contentFields));
                });
              },
            );
          },
        );
    }
    if (entry.kind === 'delete') {
      return () =>
        withRows(entry.ids, () => {
          const present = entry.ids.filter((rowId) => collection.has(rowId));
          if (present.length > 0) collection.delete(present);
        });
    }
    return undefined;
  }

  /**
   * Runs `write` once `ids` are in the collection. A long list is shown before the
   * collection has taken every row in (decision 081): rows not yet there are taken now,
   * which is at once unless another write is being saved (then when it settles).
   */
  function withRows(ids: readonly string[], write: () => void): void {
    const missing = ids.filter((rowId) => !collection.has(rowId) && sync.isUnfilled(rowId));
    if (missing.length === 0) write();
    else void sync.take(missing).then(write);
  }

  // The feed and the outbox start once the first load is shown: before that there is
  // no cursor to follow, and a write into the collection would be replaced by the load.
  collection.onFirstReady(() => sync.start());

  return Object.assign(collection, { sync, withRows });
}
