/**
 * The change feed of one person: one cursor and one request per poll for every entity they
 * sync (decision 091: an idle poll reads one partition, whatever the number of lists). It asks
 * while the tab is visible (change-feed-poller.ts says when), hands each answer to `deliver`,
 * which applies each entity's part to its copy (feed-target.ts), and then stores the cursor
 * with every entity's copy.
 *
 * Where it starts: each entity's load says where its feed continues and whether it read the
 * server just now. Starting from an older cursor only brings changes again (they count once:
 * versions), a newer one would miss some. Entities load and store in the order given, so
 *  - a copy from the device wins over one read just now (that one is newer than any stored);
 *  - of copies from the device, the last one stored is the oldest (a reload can cut between
 *    two saves of one poll, never reorder them);
 *  - read just now, the first loaded is the oldest.
 */
import { classifyFailure } from '../error-text';
import type { PageActivity } from '../page-activity';
import { syncStatus } from '../sync-status';
import { createPoller } from './change-feed-poller';
import type { FeedTarget } from './feed-target';

/** What the protocol needs of an answer; the rest is the entities' (`deliver`). */
export type FeedAnswer = { expired: true; cursor: string } | { expired: false; cursor: string; hasMore: boolean };

export interface PersonFeedOptions<Page extends FeedAnswer> {
  /** Every entity the feed keeps, in the order they load and store. */
  targets: readonly FeedTarget[];
  read: (cursor: string) => Promise<Page>;
  /** Applies an answer's changes to the entities (in an order that suits them: a list before its todos). */
  deliver: (page: Page & { expired: false }) => Promise<void>;
  activity: PageActivity;
  /** The API answered: writes waiting for a retry need not wait for their timer. */
  onAnswer: () => void;
  /** The network went away or came back (the status line). */
  onConnection: (connection: 'online' | 'offline') => void;
}

/** Where the feed starts, from where the entities' loads left it (see above). */
export function startCursor(starts: readonly ({ cursor: string; fresh: boolean } | undefined)[]): string | undefined {
  const loaded = starts.filter((start) => start !== undefined);
  if (loaded.length < starts.length) return undefined;
  const stored = loaded.filter((start) => !start.fresh);
  return (stored.at(-1) ?? loaded[0])?.cursor;
}

export function createPersonFeed<Page extends FeedAnswer>({ targets, read, deliver, activity, onAnswer, onConnection }: PersonFeedOptions<Page>) {
  let cursor: string | undefined;
  let stopped = false;
  const isStopped = () => stopped;

  /** Asks the feed once; resolves true when it has more right away. */
  async function pollOnce(): Promise<boolean> {
    cursor ??= startCursor(targets.map((target) => target.startCursor()));
    // Not while an entity's list pages load: a poll would share their HTTP batch (the feed's
    // client), and one request may read at most 2,500 rows across its calls. It reads from
    // before the first page afterwards, so nothing is missed.
    if (cursor === undefined || stopped || targets.some((target) => target.busy())) return false;
    let page;
    try {
      page = await read(cursor);
    } catch (error) {
      if (classifyFailure(error) === 'offline') onConnection('offline');
      throw error;
    }
    if (isStopped()) return false;
    // The network is back (a 503 on writes stays "unavailable" until a write gets through).
    if (syncStatus.get().connection === 'offline') onConnection('online');
    onAnswer();
    if (page.expired) {
      for (const target of targets) if (!(await target.reloadAll(page.cursor))) return false;
      cursor = page.cursor;
      return true;
    }
    await deliver(page as Page & { expired: false });
    if (isStopped()) return false;
    cursor = page.cursor;
    for (const target of targets) target.saveCursor(page.cursor);
    return page.hasMore;
  }

  const poller = createPoller(pollOnce, activity);
  return {
    pollOnce,
    start: () => poller.start(),
    stop() {
      stopped = true;
      poller.stop();
    },
  };
}

export type PersonFeed = ReturnType<typeof createPersonFeed>;
