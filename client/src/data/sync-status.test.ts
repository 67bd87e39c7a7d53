import { describe, expect, it, vi } from 'vitest';
import { describeSyncStatus, syncStatus } from './sync-status';

describe('syncStatus', () => {
  it('tells listeners only about real changes, and resets', () => {
    const listener = vi.fn();
    const stop = syncStatus.subscribe(listener);
    syncStatus.set({ pending: 2 });
    syncStatus.set({ pending: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    syncStatus.set({ connection: 'offline' });
    expect(syncStatus.get()).toEqual({ pending: 2, connection: 'offline' });
    syncStatus.reset();
    expect(syncStatus.get()).toEqual({ pending: 0, connection: 'online' });
    expect(listener).toHaveBeenCalledTimes(3);
    stop();
    syncStatus.set({ pending: 1 });
    expect(listener).toHaveBeenCalledTimes(3);
    syncStatus.reset();
  });

  it('says saved, syncing, offline or unavailable with the number of waiting changes', () => {
    expect(describeSyncStatus({ pending: 0, connection: 'online' })).toBe('All changes saved');
    expect(describeSyncStatus({ pending: 3, connection: 'online' })).toBe('Syncing…');
    expect(describeSyncStatus({ pending: 1, connection: 'offline' })).toBe('Offline — 1 change waiting');
    expect(describeSyncStatus({ pending: 2, connection: 'offline' })).toBe('Offline — 2 changes waiting');
    expect(describeSyncStatus({ pending: 0, connection: 'offline' })).toBe('Offline — no changes waiting');
    expect(describeSyncStatus({ pending: 2, connection: 'unavailable' })).toBe('Server unavailable — 2 changes waiting');
    expect(describeSyncStatus({ pending: 0, connection: 'unavailable' })).toBe('All changes saved');
  });
});
