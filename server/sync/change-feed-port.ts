import type { SyncChangesPage } from '../../shared/sync-page';
import type { Person } from '../lists/list-types';

/** The change feed port (`sync.changes`); the implementation is change-feed.ts. */
export interface ChangeFeed {
  changes(person: Person, options: { cursor: string; limit?: number }): Promise<SyncChangesPage>;
  /** A cursor from which a load that starts now misses nothing. */
  startCursor(): string;
}
