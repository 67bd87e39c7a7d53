/**
 * The shape of every batch write input (`todos.*`, `lists.*`): a non-empty array, bounded, that
 * names each item at most once.
 */
import * as z from 'zod/mini';
import { MAX_ITEMS_PER_WRITE } from './limits';

/** True when no two entries share a key; used to reject batches that touch one item twice. */
function hasUniqueKeys<T>(items: readonly T[], key: (item: T) => string | undefined): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (value === undefined) continue;
    if (seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

export function writeBatch<T extends z.core.SomeType>(
  item: T,
  key: (value: z.infer<T>) => string | undefined,
  max: number = MAX_ITEMS_PER_WRITE,
) {
  return z.array(item, 'Must be an array').check(
    z.minLength(1, 'Must contain at least one entry'),
    z.maxLength(max, `Must contain at most ${max} entries per call`),
    z.refine((items) => hasUniqueKeys(items, key), 'Each id may appear only once per call'),
  );
}
