/**
 * A list read in key ranges (range-pages.ts): pages come out in list order whatever order they
 * arrive in, no more ranges are read at once than allowed, and the next range starts the moment
 * one ends, not when the consumer gets to it.
 */
import { describe, expect, it } from 'vitest';
import { rangePages, type ListPage, type RangePage } from './range-pages';

/** Ranges "a", "b", … of `pages` pages each; cursors "a1", "a2", …; every read waits to be answered. */
function fakeServer(pagesPerRange: Record<string, number>) {
  const waiting: { cursor: string; answer: () => void; fail: (error: Error) => void; signal: AbortSignal }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const read = (cursor: string, signal: AbortSignal) =>
    new Promise<ListPage<string>>((resolve, reject) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const range = cursor.replace(/\d+$/, '');
      const page = Number(cursor.slice(range.length) || '1');
      const last = page >= (pagesPerRange[range] ?? 0);
      waiting.push({
        cursor,
        signal,
        answer: () => {
          inFlight--;
          resolve({ items: [`${range}${page}`], nextCursor: last ? null : `${range}${page + 1}` });
        },
        fail: (error) => {
          inFlight--;
          reject(error);
        },
      });
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    read,
    mostInFlight: () => mostInFlight,
    /** The cursors being read right now. */
    pending: () => waiting.map(({ cursor }) => cursor),
    /** Answers the read of `cursor`, then lets the reader react. */
    async answer(cursor: string) {
      const index = waiting.findIndex((request) => request.cursor === cursor);
      const [request] = waiting.splice(index, 1);
      if (!request) throw new Error(`${cursor} is not being read`);
      request.answer();
      await settle();
    },
    async fail(cursor: string) {
      const index = waiting.findIndex((request) => request.cursor === cursor);
      const [request] = waiting.splice(index, 1);
      request?.fail(new Error(`${cursor} failed`));
      await settle();
    },
    signals: () => waiting.map(({ signal }) => signal),
    settle,
  };
}

async function collect(pages: AsyncGenerator<RangePage<string>>, into: RangePage<string>[]) {
  for await (const page of pages) into.push(page);
}

/** What `collect` failed with (caught at once: it fails before the test looks). */
const failureOf = (done: Promise<void>) => done.then(() => undefined, (error: unknown) => error);

describe('rangePages', () => {
  it('reads at most `inFlight` ranges at once, starts the next as one ends, and gives the pages in list order', async () => {
    const server = fakeServer({ a: 2, b: 1, c: 1, d: 1 });
    const taken: RangePage<string>[] = [];
    const done = collect(rangePages(['a', 'b', 'c', 'd'], server.read, { inFlight: 2 }), taken);
    await server.settle();
    expect(server.pending()).toEqual(['a', 'b']);
    // "b" ends first: "c" starts at once, while "a" is still being read.
    await server.answer('b');
    expect(server.pending()).toEqual(['a', 'c']);
    expect(taken).toEqual([]);
    await server.answer('c');
    expect(server.pending()).toEqual(['a', 'd']);
    await server.answer('a');
    expect(server.pending()).toEqual(['d', 'a2']);
    await server.answer('d');
    await server.answer('a2');
    await done;
    expect(server.mostInFlight()).toBe(2);
    // In list order, each with where a download stopped after it would continue.
    expect(taken).toEqual([
      { items: ['a1'], next: ['a2', 'b', 'c', 'd'] },
      { items: ['a2'], next: ['b', 'c', 'd'] },
      { items: ['b1'], next: ['c', 'd'] },
      { items: ['c1'], next: ['d'] },
      { items: ['d1'], next: [] },
    ]);
  });

  it('reads every range at once when no bound is given', async () => {
    const server = fakeServer({ a: 1, b: 1, c: 1 });
    const taken: RangePage<string>[] = [];
    const done = collect(rangePages(['a', 'b', 'c'], server.read), taken);
    await server.settle();
    expect(server.pending()).toEqual(['a', 'b', 'c']);
    for (const cursor of ['c', 'b', 'a']) await server.answer(cursor);
    await done;
    expect(taken.map(({ items }) => items[0])).toEqual(['a1', 'b1', 'c1']);
  });

  it('fails with a failed page, and cancels the reads still under way', async () => {
    const server = fakeServer({ a: 1, b: 2, c: 1 });
    const taken: RangePage<string>[] = [];
    const failure = failureOf(collect(rangePages(['a', 'b', 'c'], server.read, { inFlight: 2 }), taken));
    await server.settle();
    const signals = server.signals();
    await server.fail('a');
    expect(await failure).toMatchObject({ message: 'a failed' });
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(taken).toEqual([]);
  });

  it('stops with the caller’s signal instead of ending as if the list were complete', async () => {
    const server = fakeServer({ a: 1, b: 1, c: 1 });
    const controller = new AbortController();
    const taken: RangePage<string>[] = [];
    const failure = failureOf(collect(rangePages(['a', 'b', 'c'], server.read, { signal: controller.signal, inFlight: 1 }), taken));
    await server.settle();
    controller.abort();
    // The answer comes in after the stop: the next range is not started, and the read fails.
    await server.answer('a');
    expect(await failure).toMatchObject({ name: 'AbortError' });
    expect(server.pending()).toEqual([]);
    expect(taken.length).toBeLessThan(3);
  });
});
