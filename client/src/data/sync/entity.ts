/**
 * What an entity gives the sync engine, and nothing more: its name, its fields (from its
 * schema) and its procedures. The engine (entity-sync.ts and the modules it composes) keeps the
 * local copy, the change feed, the outbox, retries and the conflict policy for any entity that
 * has these; docs/adding-an-entity.md walks through a definition.
 *
 * A synced row has a string `id` (chosen by the client, so an optimistic row keeps its key) and
 * a `version` that the server raises with every change it stores: versions are what make the
 * feed's repeats and this client's own answers safe to apply in any order (synced-rows.ts).
 */
import type { ListPage } from './range-pages';

export interface SyncedRow {
  id: string;
  version: number;
}

/** A deleted row as the change feed tells of it: its version is one more than the row's last. */
export interface Tombstone {
  id: string;
  version: number;
  deleted: true;
}

export type RowChange<Row extends SyncedRow> = (Row & { deleted: false }) | Tombstone;

/** The first page of the whole list: where the rest is (key ranges) and where the feed starts. */
export interface FirstPage<Row> extends ListPage<Row> {
  /** Further key ranges of the rest, read side by side (range-pages.ts). */
  splitCursors?: string[];
  /** Where the change feed starts after this list: taken before the page was read. */
  changesCursor: string;
}

/** An update as the outbox keeps and sends it. */
export interface PendingUpdate<Changes> {
  id: string;
  /** Only the fields the person changed: a conflict resend must not overwrite the others. */
  changes: Changes;
  /** The row version the edit was made on; absent once a conflict was resolved (decision 043). */
  expectedVersion?: number;
}

/** What the engine knows of an entity's rows. */
export interface EntityDefinition<Row extends SyncedRow, Changes extends object> {
  /** Plural, lower case ("todos"): names the outbox lock and messages ("Could not load all todos"). */
  name: string;
  /** One row, lower case ("todo"): "delete 1 todo". */
  singular: string;
  /** A row whose name is unknown, in messages ("a todo"). */
  someRow: string;
  /** Every field of a row, from its schema: what a change carries and what comparing rows reads. */
  fields: readonly (keyof Row)[];
  /** The fields a person writes, from the update schema: what an update lays over a row. */
  contentFields: readonly (keyof Changes & keyof Row)[];
  /** What messages call a row (its name; quoted by the engine). */
  label(row: Row): string;
}

/** The entity's procedures, as the engine calls them. */
export interface EntityApi<Row extends SyncedRow, Changes extends object> {
  /**
   * The list's first page, naming up to `split` key ranges for the rest (read by `readPage`).
   * List pages travel alone, never in one HTTP batch with another call: each is a full
   * response's worth of rows.
   */
  readFirstPage: (split: number, signal?: AbortSignal) => Promise<FirstPage<Row>>;
  readPage: (cursor: string, signal: AbortSignal) => Promise<ListPage<Row>>;
  /**
   * The partition a row lives in (for todos, their list): what the feed can take away or name
   * for a full reload as a whole. An entity without partitions is one partition, its own rows.
   */
  partitionOf: (row: Row) => string;
  /** One partition's first page (later pages by `readPage`): a list joined, or one to read again in full. */
  readPartition: (partition: string, split: number, signal?: AbortSignal) => Promise<FirstPage<Row>>;
  /** At most MAX_ITEMS_PER_WRITE rows a call (the engine cuts larger writes); answers the rows stored. */
  create: (rows: Row[]) => Promise<Row[]>;
  /** `partitionOf`: where the row of an id is, as this copy knows it (undefined: not known). */
  update: (items: PendingUpdate<Changes>[], partitionOf: (id: string) => string | undefined) => Promise<Row[]>;
  /** Answers the ids deleted; ids already gone count as deleted, so a retry after a lost answer is harmless. */
  delete: (ids: string[], partitionOf: (id: string) => string | undefined) => Promise<string[]>;
}
