/**
 * The server's side of the local copy: the last confirmed version of every row,
 * and the version of every delete seen (tombstones). Changes reach it from two
 * places, the change feed and the answers to this client's own writes, in any
 * order and sometimes twice (the feed re-reads an overlap window), so a change
 * counts only when its `version` is newer than what is known: versions only grow,
 * and a delete's version is one more than the row's last one.
 */
import { pickFields, sameFields } from '../../../../shared/fields';
import type { RowChange, SyncedRow } from './entity';

export interface SyncedRows<Row extends SyncedRow> {
  confirmed: Map<string, Row>;
  /** Deleted ids and their tombstone versions, so a late copy of an older change cannot bring a row back. */
  gone: Map<string, number>;
}

/** What a batch of changes did: the rows now stored and the deletes, for IndexedDB and the collection. */
export interface AppliedChanges<Row extends SyncedRow> {
  upserted: Map<string, Row>;
  deleted: Map<string, number>;
}

export const emptySyncedRows = <Row extends SyncedRow>(): SyncedRows<Row> => ({ confirmed: new Map(), gone: new Map() });

export function knownVersion<Row extends SyncedRow>(rows: SyncedRows<Row>, id: string): number {
  return Math.max(rows.confirmed.get(id)?.version ?? 0, rows.gone.get(id) ?? 0);
}

/**
 * Whether a change tells something new: a newer version, or the same version with other values.
 * The second is for rows whose version counts only what people edit (a list's name) while the
 * server adds what it knows at the time of reading (the list's member count, the reader's role).
 */
function isNews<Row extends SyncedRow>(rows: SyncedRows<Row>, change: RowChange<Row>, fields: readonly (keyof Row)[]): boolean {
  const known = knownVersion(rows, change.id);
  if (change.version !== known) return change.version > known;
  const current = rows.confirmed.get(change.id);
  return !change.deleted && current !== undefined && !sameFields(current, change, fields);
}

/** Applies the changes that tell something new of their row (newer, or other values at the same version), oldest first. */
export function applyChanges<Row extends SyncedRow>(
  rows: SyncedRows<Row>,
  changes: readonly RowChange<Row>[],
  fields: readonly (keyof Row)[],
): AppliedChanges<Row> {
  const applied: AppliedChanges<Row> = { upserted: new Map(), deleted: new Map() };
  for (const change of changes) {
    if (!isNews(rows, change, fields)) continue;
    if (change.deleted) {
      rows.confirmed.delete(change.id);
      rows.gone.set(change.id, change.version);
      applied.upserted.delete(change.id);
      applied.deleted.set(change.id, change.version);
    } else {
      // Every field of the schema the change carries (not its `deleted` flag).
      const row = pickFields(change, fields) as Row;
      rows.confirmed.set(change.id, row);
      rows.gone.delete(change.id);
      applied.deleted.delete(change.id);
      applied.upserted.set(change.id, row);
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
export function applyStored<Row extends SyncedRow>(rows: SyncedRows<Row>, stored: readonly Row[], { created = false } = {}): Row[] {
  const applied: Row[] = [];
  for (const row of stored) {
    if (created) rows.gone.delete(row.id);
    if (row.version < (rows.confirmed.get(row.id)?.version ?? 0)) continue;
    if (!created && row.version <= (rows.gone.get(row.id) ?? 0)) continue;
    rows.confirmed.set(row.id, row);
    applied.push(row);
  }
  return applied;
}

/** This client's delete was stored (or the row was already gone): remember it as a tombstone. */
export function applyDeleted<Row extends SyncedRow>(rows: SyncedRows<Row>, ids: readonly string[]): Map<string, number> {
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

/**
 * Rows this person can no longer see (a list they left or were removed from, with its todos):
 * gone from the copy without tombstones, because nothing was deleted. Should they see them
 * again (invited back), the rows come back with the versions they have.
 */
export function forgetRows<Row extends SyncedRow>(rows: SyncedRows<Row>, which: (row: Row) => boolean): string[] {
  const forgotten: string[] = [];
  for (const [id, row] of rows.confirmed) {
    if (!which(row)) continue;
    rows.confirmed.delete(id);
    forgotten.push(id);
  }
  return forgotten;
}
