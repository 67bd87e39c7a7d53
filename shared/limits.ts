/**
 * Every bound the API enforces, in one place, so client checks, server schemas,
 * tests and docs cannot drift apart.
 */

/** Longest todo name after trimming. */
export const TODO_NAME_MAX_LENGTH = 500;

/**
 * Most items one create/update/delete call may carry. DynamoDB's TransactWriteItems
 * accepts at most 100 actions, and every multi-item write here is one transaction.
 */
export const MAX_ITEMS_PER_WRITE = 100;

/**
 * Default for the most todos one user may keep (the function's TODO_LIMIT_PER_USER, a CDK
 * stage setting). Far above what a person writes by hand, low enough that a runaway script
 * cannot grow a partition, and the bill, without bound. The UI is built to stay fast at it.
 */
export const TODO_LIMIT_PER_USER_DEFAULT = 100_000;

/** Default page size of `todos.list`. */
export const LIST_PAGE_SIZE_DEFAULT = 1000;

/** Longest opaque list cursor we accept (a base64url-encoded sort key). */
export const LIST_CURSOR_MAX_LENGTH = 200;

/**
 * Most procedure calls one HTTP request may batch (server `maxBatchSize`, client link
 * bound: the batching link splits larger batches into several requests).
 */
export const MAX_CALLS_PER_HTTP_BATCH = 25;

/**
 * Most todos one HTTP request may write or read across all its calls (items of writes,
 * `limit` of lists). With names capped at TODO_NAME_MAX_LENGTH and no control characters,
 * a stored todo is at most about 1.7 KB of JSON, so a response stays near 4 MB: under
 * Lambda's 6 MB response limit by construction, so nothing can fail after committing.
 */
export const MAX_ITEMS_PER_HTTP_REQUEST = MAX_CALLS_PER_HTTP_BATCH * 100;

/**
 * Largest `todos.list` page: as many todos as one request may read, so a full load of 10,000
 * takes 5 requests instead of 11 and a page still stays under Lambda's 6 MB (see above).
 */
export const LIST_PAGE_SIZE_MAX = MAX_ITEMS_PER_HTTP_REQUEST;

/**
 * Largest request body the API accepts (413 above). The biggest legitimate body is a
 * full batch of full writes (MAX_CALLS_PER_HTTP_BATCH × MAX_ITEMS_PER_WRITE items with
 * names at the length limit); Lambda itself refuses anything over 6 MB.
 */
export const MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024;

/** Longest URL (path + query) the API accepts (414 above); CloudFront allows 8 KB. */
export const MAX_REQUEST_URL_LENGTH = 8192;

/** Page size bounds for `todos.changes` (rows and tombstones per answer). */
export const CHANGES_PAGE_SIZE_DEFAULT = 1000;
export const CHANGES_PAGE_SIZE_MAX = 1000;

/** Longest opaque change-feed cursor we accept. */
export const CHANGES_CURSOR_MAX_LENGTH = 300;

/**
 * How long a deleted todo's tombstone is kept (DynamoDB TTL) so other devices learn of the
 * delete through `todos.changes`. A device whose cursor is older gets `expired` and reloads.
 */
export const TOMBSTONE_RETENTION_DAYS = 30;
