/**
 * A long list read by several requests at once (`todos.list({ split })`, decision 101). Reading
 * 100,000 todos one page after another is 40 round trips in a row; split, the first page also
 * hands out cursors for adjacent key ranges of the rest, and each range is read through its own
 * chain of cursors, side by side:
 *
 *   (after the first page, p1], (p1, p2], …, (p(k-1), end of the list)
 *
 * The ranges touch and the last one is open, so every todo after the first page is in exactly one
 * of them, whatever the split points are: todos created while the list is read land in the last
 * range or in the change feed, as before. Where the points fall only decides how even the ranges
 * are. They are interpolated on the ids' first 12 hex digits between the first page's last id
 * and the list's last id: for UUIDv7 ids (our clients) that is the creation millisecond, so the
 * ranges hold about as many todos as were created in each stretch of time; for random (v4) ids
 * the digits are spread evenly anyway.
 *
 * `split` is a most: a rest worth only a few pages is cut into no more than 4 ranges (rangesWorthReading),
 * so a short list is not read as many short pages. The web client asks for more ranges than it reads
 * at once (decision 104): when the guessed points make the ranges uneven, a range that ends early
 * hands its place to the next, and the download stays busy to its end.
 */

/** Hex digits of an id that the split interpolates on: 48 bits, exact in a double. */
const SPLIT_DIGITS = 12;

/** First SPLIT_DIGITS hex digits of a UUID as a number (case does not matter to the value). */
function leadingValue(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, SPLIT_DIGITS), 16);
}

/**
 * The largest UUID-shaped id whose first SPLIT_DIGITS hex digits are `value`: every lower-case id
 * with those digits is at or below it, so a range ending there keeps them together.
 */
function rangeEnd(value: number): string {
  const hex = `${value.toString(16).padStart(SPLIT_DIGITS, '0')}${'f'.repeat(32 - SPLIT_DIGITS)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Up to `ranges - 1` split points after `afterId` and before `lastId`, ascending; none when the
 * two are too close to split (the rest is then read as one range).
 */
export function splitPoints(afterId: string, lastId: string, ranges: number): string[] {
  const low = leadingValue(afterId);
  const high = leadingValue(lastId);
  const points: string[] = [];
  for (let index = 1; index < ranges; index++) {
    const point = rangeEnd(low + Math.floor(((high - low) * index) / ranges));
    // Each point must be past the previous one (and past the first page) and before the last id:
    // a range that could only be empty is not handed out.
    if (point > (points.at(-1) ?? afterId) && point < lastId) points.push(point);
  }
  return points;
}

/**
 * As many ranges as a split always gave before the guess below (decision 101): the guess only
 * adds ranges. A guess too low would read a dense rest (years of todos, then an import) as one
 * long chain of pages; a guess too high costs a few short pages.
 */
const RANGES_AT_LEAST = 4;

/**
 * How many ranges the rest of a list is worth, at most `ranges`: about one per `limit` todos,
 * and at least RANGES_AT_LEAST (or `ranges`, if fewer). The rest's size is guessed from the first
 * page, which holds `pageItems` todos between `firstId` and `afterId`: the same density over the
 * ids up to `lastId`.
 */
export function rangesWorthReading(first: { firstId: string; afterId: string; pageItems: number }, lastId: string, limit: number, ranges: number): number {
  // Todos per millisecond: n todos span n - 1 steps (all in one millisecond: as if in one).
  const density = Math.max(first.pageItems - 1, 1) / Math.max(leadingValue(first.afterId) - leadingValue(first.firstId), 1);
  const restItems = density * (leadingValue(lastId) - leadingValue(first.afterId));
  return Math.min(ranges, Math.max(RANGES_AT_LEAST, Math.ceil(restItems / limit)));
}
