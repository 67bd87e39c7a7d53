import { useSyncExternalStore } from 'react';
import { describeSyncStatus, syncStatus } from '../data/sync-status';

/**
 * The status line: "All changes saved", "Syncing…" or "Offline — 2 changes
 * waiting". A polite live region, so a screen reader hears when changes are
 * waiting and when they are saved, without interrupting. Re-renders only when
 * the count or the connection changes.
 */
export function SyncStatus() {
  const status = useSyncExternalStore(syncStatus.subscribe, syncStatus.get);
  const waiting = status.pending > 0 || status.connection === 'offline';
  return (
    <p className={waiting ? 'sync-status waiting' : 'sync-status'} role="status" aria-live="polite">
      {describeSyncStatus(status)}
    </p>
  );
}
