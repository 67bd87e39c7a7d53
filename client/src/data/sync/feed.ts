/**
 * The feed: an entity's changes since the cursor, applied to the confirmed rows while the tab
 * is visible (change-feed-poller.ts says when). A change counts only when newer than the
 * known version (synced-rows.ts), and never touches the view of a row with a waiting write:
 * that write's answer decides it. An expired cursor means deletes may be gone from the feed:
 * the whole list is read again (loader.ts).
 */
import { classifyFailure } from '../error-text';
import type { PageActivity } from '../page-activity';
import { syncStatus } from '../sync-status';
import { createPoller } from './change-feed-poller';
import type { EntityApi, SyncedRow } from './entity';
import type { Loader } from './loader';
import type { RowView } from './row-view';
import { applyChanges } from './synced-rows';
import { pendingKeys, save, updateStatus, type SyncState } from './sync-state';

export interface FeedOptions<Row extends SyncedRow, Changes extends object> {
  state: SyncState<Row, Changes>;
  view: RowView<Row>;
  loader: Loader<Row>;
  api: EntityApi<Row, Changes>;
  activity: PageActivity;
  /** The API answered: writes waiting for a retry need not wait for their timer. */
  onAnswer: () => void;
}

export function createFeed<Row extends SyncedRow, Changes extends object>({ state, view, loader, api, activity, onAnswer }: FeedOptions<Row, Changes>) {
  const { rows, store, entity } = state;
  const isStopped = () => state.stopped;

  /** Asks the feed once; resolves true when it has more right away. */
  async function pollOnce(): Promise<boolean> {
    // Not while the list's pages load: a poll would share their HTTP batch (the feed's client),
    // and one request may read at most 2,500 rows across its calls. It reads from the first
    // page's cursor afterwards, so nothing is missed.
    if (state.cursor === undefined || state.stopped || state.loadingPages) return false;
    let page;
    try {
      page = await api.readChanges(state.cursor);
    } catch (error) {
      if (classifyFailure(error) === 'offline') updateStatus(state, 'offline');
      throw error;
    }
    if (isStopped()) return false;
    // The network is back (a 503 on writes stays "unavailable" until a write gets through).
    if (syncStatus.get().connection === 'offline') updateStatus(state, 'online');
    onAnswer();
    if (page.expired) {
      // Deletes older than the horizon are gone from the feed: only the whole list is certain.
      const all = await loader.downloadList(page.cursor);
      if (all === undefined) return false;
      const before = view.ids();
      rows.confirmed = new Map(all.map((row) => [row.id, row]));
      rows.gone = new Map();
      state.cursor = page.cursor;
      const pending = pendingKeys(state);
      view.refresh([...before, ...rows.confirmed.keys()].filter((id) => !pending.has(id)));
      return true;
    }
    const applied = applyChanges(rows, page.changes, entity.fields);
    state.cursor = page.cursor;
    if (applied.upserted.size > 0 || applied.deleted.size > 0) save(store.saveRows([...applied.upserted.values()], applied.deleted));
    save(store.saveCursor(page.cursor));
    const pending = pendingKeys(state);
    view.refresh([...applied.upserted.keys(), ...applied.deleted.keys()].filter((id) => !pending.has(id)));
    return page.hasMore;
  }

  const poller = createPoller(pollOnce, activity);
  return { pollOnce, start: () => poller.start(), stop: () => poller.stop() };
}
