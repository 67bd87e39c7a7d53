/**
 * What became of one user action (one TanStack DB transaction), for what the user is
 * told (decision 067): the collection's handler records its sync outcome on the
 * transaction, and the UI reads it once the transaction has persisted. Success is
 * announced only for `stored` — the server's confirmation — never for the optimistic
 * change alone.
 */
import type { WriteOutcome } from './sync/outbox-sender';

export type { WriteOutcome };

const OUTCOME = 'writeOutcome';

interface WithMetadata {
  metadata: Record<string, unknown>;
}

/** In a collection handler: how the transaction's write went (the handler then returns). */
export function recordOutcome(transaction: WithMetadata, outcome: WriteOutcome): void {
  transaction.metadata[OUTCOME] = outcome;
}

/**
 * Once the transaction has persisted: `stored`, `waiting` or `dropped`. Rejects when the write
 * was refused (TanStack DB rolled it back; the error banner says why). A transaction whose
 * handler recorded nothing counts as `dropped`: nothing is claimed that was not confirmed.
 */
export async function outcomeOf(transaction: WithMetadata & { isPersisted: { promise: Promise<unknown> } }): Promise<WriteOutcome> {
  await transaction.isPersisted.promise;
  const outcome = transaction.metadata[OUTCOME];
  return outcome === 'stored' || outcome === 'waiting' ? outcome : 'dropped';
}
