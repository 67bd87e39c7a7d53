/**
 * How much work one HTTP request may do across all the calls it batches, so that
 * no batch can run unbounded writes or build a response over Lambda's limit
 * (shared/limits.ts). Each procedure reserves its items before touching DynamoDB;
 * the call that would go over the budget fails with 413 and writes nothing.
 */
import { TRPCError } from '@trpc/server';
import { MAX_ITEMS_PER_HTTP_REQUEST } from '../../shared/limits';

export class RequestBudget {
  private used = 0;

  constructor(private readonly items: number = MAX_ITEMS_PER_HTTP_REQUEST) {}

  reserve(count: number): void {
    if (this.used + count > this.items) {
      throw new TRPCError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `Too much at once: one request may read or write at most ${this.items} todos across its calls; send the rest in another request`,
      });
    }
    this.used += count;
  }
}
