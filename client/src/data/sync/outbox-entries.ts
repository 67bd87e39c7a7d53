/**
 * The outbox's entries: one per user action (one TanStack DB transaction), kept
 * until the server has answered it. Plain data, so an entry can be stored in
 * IndexedDB and sent after a reload. The rows the user sees are the server's
 * confirmed rows with every entry still waiting laid over them (`viewOf`), which
 * is also how a refused entry is undone: drop it and lay the others again.
 *
 * Entity-agnostic: an update lays the fields a person writes (the entity's content
 * fields, from its schema) over the row.
 */
import { pickFields } from '../../../../shared/fields';
import type { PendingUpdate, SyncedRow } from './entity';

export type { PendingUpdate };

interface EntryBase {
  /** UUIDv7: unique across tabs, and sorts in the order the actions were made. */
  id: string;
  /** Completes "Could not …" in messages, e.g. `add “Buy milk”`. */
  action: string;
}

export type OutboxEntry<Row extends SyncedRow, Changes extends object> =
  | (EntryBase & { kind: 'create'; rows: Row[] })
  | (EntryBase & { kind: 'update'; items: PendingUpdate<Changes>[] })
  | (EntryBase & { kind: 'delete'; ids: string[] });

/** Any entity's entry, where only its kind and keys matter. */
export type AnyOutboxEntry = OutboxEntry<SyncedRow, object>;

/** The row ids an entry touches. */
export function keysOf(entry: AnyOutboxEntry): string[] {
  switch (entry.kind) {
    case 'create':
      return entry.rows.map((row) => row.id);
    case 'update':
      return entry.items.map((item) => item.id);
    case 'delete':
      return entry.ids;
  }
}

/** `row` as it looks once `entry` is applied (undefined: no such row). */
export function applyEntry<Row extends SyncedRow, Changes extends object>(
  row: Row | undefined,
  id: string,
  entry: OutboxEntry<Row, Changes>,
  contentFields: readonly (keyof Changes & keyof Row)[],
): Row | undefined {
  switch (entry.kind) {
    case 'create':
      return entry.rows.find((created) => created.id === id) ?? row;
    case 'update': {
      const item = entry.items.find((update) => update.id === id);
      // An update of a row that is gone (deleted elsewhere) changes nothing.
      // The fields the update sets, of those a person writes.
      return item && row ? { ...row, ...pickFields(item.changes, contentFields) } : row;
    }
    case 'delete':
      return entry.ids.includes(id) ? undefined : row;
  }
}

/** The row the user sees: the confirmed one with every waiting entry applied, oldest first. */
export function viewOf<Row extends SyncedRow, Changes extends object>(
  id: string,
  confirmed: Row | undefined,
  entries: readonly OutboxEntry<Row, Changes>[],
  contentFields: readonly (keyof Changes & keyof Row)[],
): Row | undefined {
  let row = confirmed;
  for (const entry of entries) row = applyEntry(row, id, entry, contentFields);
  return row;
}

/** The entry without the given ids, or undefined when nothing is left to send. */
export function withoutIds<Entry extends AnyOutboxEntry>(entry: Entry, ids: ReadonlySet<string>): Entry | undefined {
  let left: Entry;
  switch (entry.kind) {
    case 'create':
      left = { ...entry, rows: entry.rows.filter((row) => !ids.has(row.id)) };
      break;
    case 'update':
      left = { ...entry, items: entry.items.filter((item) => !ids.has(item.id)) };
      break;
    case 'delete':
      left = { ...entry, ids: entry.ids.filter((id) => !ids.has(id)) };
      break;
  }
  return keysOf(left).length > 0 ? left : undefined;
}

/**
 * Later entries were made on top of this client's own earlier ones, whose answers
 * just arrived with new versions: their `expectedVersion` moves to those versions,
 * so a chain of offline edits of one row is not mistaken for a conflict. Returns
 * only the entries that changed (to be stored again).
 */
export function rebase<Row extends SyncedRow, Changes extends object>(
  entries: OutboxEntry<Row, Changes>[],
  stored: readonly SyncedRow[],
): OutboxEntry<Row, Changes>[] {
  if (stored.length === 0) return [];
  const versions = new Map(stored.map((row) => [row.id, row.version]));
  const changed: OutboxEntry<Row, Changes>[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind !== 'update') return;
    const moves = (item: PendingUpdate<Changes>) => {
      const version = versions.get(item.id);
      return version !== undefined && item.expectedVersion !== undefined && item.expectedVersion !== version;
    };
    if (!entry.items.some(moves)) return;
    const items = entry.items.map((item) => (moves(item) ? { ...item, expectedVersion: versions.get(item.id) } : item));
    const next = { ...entry, items };
    entries[index] = next;
    changed.push(next);
  });
  return changed;
}

/** The same updates without `expectedVersion` for `ids` (all when undefined): field-level last writer wins. */
export function withoutExpectedVersion<Entry extends AnyOutboxEntry>(entry: Entry, ids: ReadonlySet<string> | undefined): Entry {
  if (entry.kind !== 'update') return entry;
  return {
    ...entry,
    items: entry.items.map((item) => (ids === undefined || ids.has(item.id) ? { id: item.id, changes: item.changes } : item)),
  };
}
