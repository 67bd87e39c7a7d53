import { ConflictError, type ConflictReason } from '../conflict-error';

/**
 * Domain errors the repository throws. The tRPC layer maps them to NOT_FOUND and
 * CONFLICT; they carry the affected ids so callers can tell which items failed.
 */
export class TodoNotFoundError extends Error {
  constructor(readonly ids: readonly string[]) {
    super(`Todo not found: ${ids.join(', ')}`);
    this.name = 'TodoNotFoundError';
  }
}

export type { ConflictReason } from '../conflict-error';

export class TodoConflictError extends ConflictError {
  constructor(ids: readonly string[], reason: ConflictReason) {
    super('todo', ids, reason);
    this.name = 'TodoConflictError';
  }
}

/** An opaque list or change-feed cursor could not be decoded: a client error, not a server fault. */
export class InvalidCursorError extends Error {
  constructor(kind: 'list' | 'change' = 'list') {
    super(`Invalid ${kind} cursor`);
    this.name = 'InvalidCursorError';
  }
}

/** Creating would take the owner past the per-user todo limit (todo-quota.ts); nothing was written. */
export class TodoLimitError extends Error {
  constructor(readonly limit: number) {
    super(`You have reached the limit of ${limit.toLocaleString('en-US')} todos; delete some to add more`);
    this.name = 'TodoLimitError';
  }
}
