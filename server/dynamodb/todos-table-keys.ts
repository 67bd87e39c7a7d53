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

/** Epoch seconds after which DynamoDB's TTL removes an item (tombstones only). */
export const EXPIRES_AT = 'expiresAt';
