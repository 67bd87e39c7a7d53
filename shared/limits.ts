/**
 * Every bound the API enforces, in one place, so client checks, server schemas,
 * tests and docs cannot drift apart.
 */

/** Longest todo name after trimming, in UTF-16 code units (JavaScript's `length`). */
export const TODO_NAME_MAX_LENGTH = 500;

/**
 * What a valid name can take in bytes. Names refuse control characters and lone surrogates
 * (shared/todo.ts), the only characters JSON escapes to 6 bytes (`\u0007`, `\ud800`), so every
 * code unit of a valid name is at most 3 bytes in UTF-8 (a character of the Basic Multilingual
 * Plane such as `€`; a surrogate pair is 4 bytes for 2 units) and at most 3 bytes in JSON
 * (`"` and `\` are escaped to 2). Checked over every code point in shared/todo.test.ts.
 */
export const TODO_NAME_MAX_UTF8_BYTES = 3 * TODO_NAME_MAX_LENGTH;
export const TODO_NAME_MAX_JSON_BYTES = 3 * TODO_NAME_MAX_LENGTH + 2;
/**
 * Lambda serializes the handler's answer as JSON once more, with the response body inside it
 * as a string: a name's `"` or `\`, 2 bytes in the body, is 4 there. So a code unit of a
 * valid name takes at most 4 bytes of the function's response payload.
 */
export const TODO_NAME_MAX_PAYLOAD_BYTES = 4 * TODO_NAME_MAX_LENGTH;

/**
 * Lambda's limit on a (buffered) function response: 6 MB, counted as 6 MiB. The response of
 * one HTTP request must stay below it whatever valid data it carries (see below).
 */
export const LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;

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

/** Longest opaque list cursor we accept (base64url of a sort key, and of where its key range ends). */
export const LIST_CURSOR_MAX_LENGTH = 200;

/** Most key ranges a first list page may split the rest of the list into (`todos.list({ split })`). */
export const LIST_SPLIT_MAX = 8;

/**
 * Most procedure calls one HTTP request may batch (server `maxBatchSize`, client link
 * bound: the batching link splits larger batches into several requests).
 */
export const MAX_CALLS_PER_HTTP_BATCH = 25;

/**
 * Most todos one HTTP request may write or read across all its calls (items of writes,
 * `limit` of lists and change-feed pages). A todo takes at most TODO_NAME_MAX_PAYLOAD_BYTES
 * (2,000) for its name plus about 200 bytes for id, status, timestamps and version in the
 * function's response payload, so the largest valid answer is about 5.5 MB: under
 * LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES by construction, and nothing can fail after committing.
 * server/lambda/response-size.test.ts builds those answers and measures them.
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

/**
 * Sharing bounds (decision 092). Every write to a list tells each member's change feed, so the
 * members of a list bound what one write costs (about 3 write units per member, at most once per
 * skip window per list and writer: server/lists/list-activity.ts); the lists of a person bound what one feed poll or
 * `lists.list` reads (one Query page, one BatchGetItem). Both are checked inside the transaction
 * that adds a member or a list, so no race can pass them.
 */
export const MEMBERS_PER_LIST_MAX = 20;
export const LISTS_PER_PERSON_MAX = 100;

/** Longest list name, bounded like a todo's name (same character rules). */
export const LIST_NAME_MAX_LENGTH = 200;

/** How long an invite link works after it is made (DynamoDB TTL removes it later). */
export const INVITE_LIFETIME_DAYS = 7;

/** An invite token: 32 random bytes, base64url (43 characters). */
export const INVITE_TOKEN_LENGTH = 43;

/** Most lists one `lists.*` write may name (each list is its own step: bounded work per request). */
export const MAX_LISTS_PER_WRITE = 25;
