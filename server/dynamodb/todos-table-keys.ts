/**
 * Key schema of the one application table. Generic names (`pk`/`sk`) keep it
 * single-table ready: other entities get their own key prefixes, not new tables.
 * Used by the repository, the local table bootstrap and the CDK stack alike.
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';

/**
 * The change feed's index: a sparse GSI over the items that carry a change key
 * (`<ISO time of the write>#<id>`), so one owner's changes read in write-time order.
 * Its projection carries what the feed returns (decision 042).
 */
export const CHANGE_INDEX = 'byChange';
export const CHANGE_KEY = 'changeKey';
export const CHANGE_INDEX_ATTRIBUTES = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'version', 'deleted'];

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
