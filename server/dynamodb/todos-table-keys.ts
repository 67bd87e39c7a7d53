/**
 * Key schema of the one application table. Generic names (`pk`/`sk`) keep it
 * single-table ready: other entities get their own key prefixes, not new tables.
 * Used by the repository, the local table bootstrap and the CDK stack alike.
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';

/**
 * The change feed's index: a sparse GSI over the items that carry a change key
 * (`<ISO time of the write>#<id>`), so one partition's changes read in write-time order: a
 * list's todos, a person's memberships (decision 042, 091).
 *
 * The feed reads only the keys from it and the items from the table (change-index.ts), so no
 * field of any entity has to be in its projection (decision 094). The projection below is the
 * one the index was created with, kept as it is: changing an index's projection means deleting
 * and re-creating the index (two deployments, a backfill, and no feed in between), for nothing
 * the feed reads. It is frozen: add no field here; a new field travels anyway.
 */
export const CHANGE_INDEX = 'byChange';
export const CHANGE_KEY = 'changeKey';
export const CHANGE_INDEX_FROZEN_ATTRIBUTES = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'version', 'deleted'];

/**
 * The list's index: a sparse GSI over the items that carry a todo `id` (`pk`, `id`), which
 * only live todos do: a delete turns its todo into a tombstone and removes the `id` with the
 * content, so the tombstone leaves this index. A list therefore reads live todos only, in id
 * order, whatever was deleted (decision 060). Other entities must not use the attribute `id`.
 * It projects ALL attributes: a list returns whatever the todo schema holds, with no second list
 * of fields to keep in step (a projection cannot change without replacing the index), and
 * `deleted` skips tombstones written before this index existed (they keep their `id` until TTL
 * removes them).
 */
export const LIST_INDEX = 'liveTodos';
export const LIST_INDEX_KEY = 'id';

/** Epoch seconds after which DynamoDB's TTL removes an item (tombstones only). */
export const EXPIRES_AT = 'expiresAt';
