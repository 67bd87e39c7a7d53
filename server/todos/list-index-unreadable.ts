/**
 * DynamoDB refuses a Query on an index that does not exist yet ("The table does not have the
 * specified index") or is still being built from the table's items ("Cannot read from
 * backfilling global secondary index"): both a ValidationException about the index.
 * CloudFormation reports a deploy that added the list index complete before that build ends,
 * so the new code runs before the index can be read: lists and counts then read the table's
 * todo key range instead, as before the index (decision 060).
 */
export function isListIndexUnreadable(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /\bindex\b/i.test(error.message);
}
