/**
 * The server's side of the local copy: the last confirmed version of every row,
 * and the version of every delete seen (tombstones). Changes reach it from two
 * places, the change feed and the answers to this client's own writes, in any
 * order and sometimes twice (the feed re-reads an overlap window), so a change
 * counts only when its `version` is newer than what is known: versions only grow,
 * and a delete's version is one more than the row's last one.
 */
import { pickFields } from '../../../shared/fields';
import { TODO_FIELDS, type Todo, type TodoChange } from '../../../shared/todo';

export interface SyncedRows {
  confirmed: Map<string, Todo>;
  /** Deleted ids and their tombstone versions, so a late copy of an older change cannot bring a row back. */
  gone: Map<string, number>;
}

/** What a batch of changes did: the rows now stored and the deletes, for IndexedDB and the collection. */
export interface AppliedChanges {
  upserted: Map<string, Todo>;
  deleted: Map<string, number>;
}

export const emptySyncedRows = (): SyncedRows => ({ confirmed: new Map(), gone: new Map() });

export function knownVersion(rows: SyncedRows, id: string): number {
  return Math.max(rows.confirmed.get(id)?.version ?? 0, rows.gone.get(id) ?? 0);
}

/** Applies the changes that are newer than the known version of their row, oldest first. */
export function applyChanges(rows: SyncedRows, changes: readonly TodoChange[]): AppliedChanges {
  const applied: AppliedChanges = { upserted: new Map(), deleted: new Map() };
  for (const change of changes) {
    if (change.version <= knownVersion(rows, change.id)) continue;
    if (change.deleted) {
      rows.confirmed.delete(change.id);
      rows.gone.set(change.id, change.version);
      applied.upserted.delete(change.id);
      applied.deleted.set(change.id, change.version);
    } else {
      // Every field of the schema the change carries (not its `deleted` flag).
      const todo: Todo = pickFields(change, TODO_FIELDS);
      rows.confirmed.set(change.id, todo);
      rows.gone.delete(change.id);
      applied.deleted.delete(change.id);
      applied.upserted.set(change.id, todo);
    }
  }
  return applied;
}

/**
 * The server's answer to this client's own create or update: the truth for that
 * row, unless the feed already brought a newer version. A create may bring back
 * an id this client deleted before (Undo after "Clear completed"): the server
 * made it anew, so the old tombstone no longer applies.
 */
export function applyStored(rows: SyncedRows, stored: readonly Todo[], { created = false } = {}): Todo[] {
  const applied: Todo[] = [];
  for (const todo of stored) {
    if (created) rows.gone.delete(todo.id);
    if (todo.version < (rows.confirmed.get(todo.id)?.version ?? 0)) continue;
    if (!created && todo.version <= (rows.gone.get(todo.id) ?? 0)) continue;
    rows.confirmed.set(todo.id, todo);
    applied.push(todo);
  }
  return applied;
}

/** This client's delete was stored (or the row was already gone): remember it as a tombstone. */
export function applyDeleted(rows: SyncedRows, ids: readonly string[]): Map<string, number> {
  const deleted = new Map<string, number>();
  for (const id of ids) {
    // The server's tombstone is one more than the row's last version; a row never
    // confirmed here (created and deleted before any answer) had at most version 1.
    const last = rows.confirmed.get(id)?.version;
    const version = last === undefined ? Math.max(rows.gone.get(id) ?? 0, 1) : last + 1;
    rows.confirmed.delete(id);
    rows.gone.set(id, version);
    deleted.set(id, version);
  }
  return deleted;
}
