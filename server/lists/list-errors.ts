import { ConflictError, type ConflictReason } from '../conflict-error';

/**
 * Domain errors of lists and sharing; the tRPC layer maps them (server/trpc/trpc.ts). A list the
 * caller is not a member of and a list that does not exist are the same error with the same
 * message, so no answer tells them apart (no existence leak).
 */
export class ListNotFoundError extends Error {
  constructor() {
    super('List not found');
    this.name = 'ListNotFoundError';
  }
}

/** A member whose role does not allow the call (403). */
export class ListForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListForbiddenError';
  }
}

/** A bound of decision 092 would be passed; nothing was written (403 with `data.limit`). */
export class ListLimitError extends Error {
  constructor(
    readonly limit: number,
    what: 'members' | 'lists',
  ) {
    super(
      what === 'members'
        ? `This list already has the most members a list may have (${limit})`
        : `You are already in the most lists a person may have (${limit}); leave or delete one first`,
    );
    this.name = 'ListLimitError';
  }
}

/** An invite token that was never issued, has expired, was revoked, or whose list is gone: one answer for all. */
export class InviteNotValidError extends Error {
  constructor() {
    super('This invite link is not valid: it may have expired or been revoked; ask the owner for a new one');
    this.name = 'InviteNotValidError';
  }
}

export class ListConflictError extends ConflictError {
  constructor(ids: readonly string[], reason: ConflictReason) {
    super('list', ids, reason);
    this.name = 'ListConflictError';
  }
}

/** The owner named someone who is not a member of their list. */
export class MemberNotFoundError extends Error {
  constructor() {
    super('Member not found');
    this.name = 'MemberNotFoundError';
  }
}
