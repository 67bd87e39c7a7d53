import { MAX_ITEMS_PER_WRITE } from '../../../../shared/limits';

export class PartialWriteError extends Error {
  constructor(
    cause: unknown,
    /** Results of the chunks that did reach the server before one failed. */
    readonly succeeded: unknown[],
  ) {
    super(cause instanceof Error ? cause.message : 'Write failed', { cause });
    this.name = 'PartialWriteError';
  }
}

/**
 * Sends a transaction's mutations in chunks the server accepts (it writes at most
 * MAX_ITEMS_PER_WRITE items atomically). All chunks start in the same tick, so the
 * batching link still puts them into one HTTP request: one user action, one request.
 * If any chunk fails, the results of the chunks that succeeded come with the error.
 */
export async function sendInChunks<TInput, TResult>(
  inputs: readonly TInput[],
  send: (chunk: TInput[]) => Promise<TResult[]>,
): Promise<TResult[]> {
  const chunks: TInput[][] = [];
  for (let start = 0; start < inputs.length; start += MAX_ITEMS_PER_WRITE) {
    chunks.push(inputs.slice(start, start + MAX_ITEMS_PER_WRITE));
  }
  const outcomes = await Promise.allSettled(chunks.map(send));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  const succeeded = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
  if (failure) throw new PartialWriteError(failure.reason, succeeded);
  return succeeded;
}
