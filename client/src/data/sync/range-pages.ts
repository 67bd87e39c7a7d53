/**
 * A long list downloaded in key ranges side by side (decision 101). The server's first page
 * names the ranges of the rest (`nextCursor`, then `splitCursors`); each range is read page
 * after page, every range from the start, so 100,000 todos take about a quarter of the round
 * trips in a row that one chain of 40 pages took.
 *
 * The pages are handed on in list order all the same: a later range's pages wait, already
 * downloaded, until the ranges before it are complete. So the rows reach the list's index and
 * the collection at its end (appends, never inserts in the middle, which would cost a splice of
 * the whole index each), and the stored copy can say where to continue with one cursor per range
 * left: the next page of the current range, then the start of every later one.
 *
 * Entity-agnostic: it knows cursors and pages, not todos.
 */

export interface ListPage<Row> {
  items: Row[];
  nextCursor: string | null;
}

/** A page in list order, with the cursors a download stopped after it would continue from. */
export interface RangePage<Row> {
  items: Row[];
  next: string[];
}

/** Reads one page at `cursor`; aborted when the download stops. */
export type ReadPage<Row> = (cursor: string, signal: AbortSignal) => Promise<ListPage<Row>>;

interface Link<Row> {
  page: ListPage<Row>;
  /** The range's next page, asked for as soon as this one arrived. */
  next: Promise<Link<Row>> | undefined;
}

/**
 * The pages of `ranges`, in list order. At most `inFlight` ranges are read at once, started in
 * list order: when one ends, the next not yet started begins. So a list cut into more ranges
 * than are read at once stays busy to the end even when the ranges are uneven (their split
 * points are a guess: list-segments.ts), and the ranges the consumer needs first are read
 * first. A consumer that stops early (or a failed page) cancels the requests still under way.
 */
export async function* rangePages<Row>(
  ranges: readonly string[],
  read: ReadPage<Row>,
  { signal, inFlight = ranges.length }: { signal?: AbortSignal | undefined; inFlight?: number } = {},
): AsyncGenerator<RangePage<Row>> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const firstPages: Promise<Link<Row>>[] = [];
  const startNext = () => {
    const cursor = ranges[firstPages.length];
    if (cursor !== undefined && !controller.signal.aborted) firstPages.push(follow(cursor));
  };
  const follow = (cursor: string): Promise<Link<Row>> => {
    const link = read(cursor, controller.signal).then((page) => {
      // The range's last page: its place goes to the next range.
      if (page.nextCursor === null) startNext();
      return { page, next: page.nextCursor === null || controller.signal.aborted ? undefined : follow(page.nextCursor) };
    });
    // Awaited in list order below; until then (or if never, after a stop) a failure is not unhandled.
    link.catch(() => undefined);
    return link;
  };
  while (firstPages.length < Math.min(Math.max(inFlight, 1), ranges.length)) startNext();
  try {
    for (let index = 0; index < ranges.length; index++) {
      // Started by the time the ranges before it have ended (each end starts one), unless stopped:
      // then this stops too, rather than end as if the list were complete.
      if (firstPages[index] === undefined) {
        controller.signal.throwIfAborted();
        startNext();
      }
      for (let link: Promise<Link<Row>> | undefined = firstPages[index]; link !== undefined; ) {
        const { page, next }: Link<Row> = await link;
        yield { items: page.items, next: [...(page.nextCursor === null ? [] : [page.nextCursor]), ...ranges.slice(index + 1)] };
        link = next;
      }
    }
  } finally {
    controller.abort();
    signal?.removeEventListener('abort', stop);
  }
}
