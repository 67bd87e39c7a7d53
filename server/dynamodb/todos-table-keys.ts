/**
 * Key schema of the one application table. Generic names (`pk`/`sk`) keep it
 * single-table ready: other entities get their own key prefixes, not new tables.
 * Used by the repository, the local table bootstrap and the CDK stack alike.
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
