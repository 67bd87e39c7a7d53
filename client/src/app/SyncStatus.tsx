import { useSyncExternalStore } from 'react';
import { describeSyncStatus, syncStatus } from '../data/sync-status';
import { useSavedAfterWaiting } from './outcome-announcements';

/**
 * The status line: "All changes saved", "Syncing…" or "Offline — 2 changes
 * waiting". Visual only, not a live region (decision 067): it changes on every
 * write, and a screen reader would say "Syncing…" and "All changes saved" each
 * time. What matters is announced where it happens: a write that has to wait says
 * so (outcome-announcements.ts), and "All changes saved." follows once it is sent.
 * Re-renders only when the count or the connection changes.
 */
export function SyncStatus() {
  const status = useSyncExternalStore(syncStatus.subscribe, syncStatus.get);
  useSavedAfterWaiting();
  const waiting = status.pending > 0 || status.connection === 'offline';
  return <p className={waiting ? 'sync-status waiting' : 'sync-status'}>{describeSyncStatus(status)}</p>;
}
