/**
 * What the status line says (decision 043): how many writes are waiting in the
 * outbox and whether the API can be reached. A tiny external store like
 * `writeErrors`, filled by the sync (todo-sync.ts), read by the UI.
 */
export type Connection = 'online' | 'offline' | 'unavailable';

export interface SyncStatus {
  /** Writes (user actions) not yet answered by the server. */
  pending: number;
  /** How the last request went: no network, or the API answered 503. */
  connection: Connection;
}

type Listener = () => void;
const initial: SyncStatus = { pending: 0, connection: 'online' };
let current = initial;
const listeners = new Set<Listener>();
/** Writes waiting per outbox (one per entity): the status line counts them all. */
const pendingBySource = new Map<string, number>();

export const syncStatus = {
  get: (): SyncStatus => current,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(next: Partial<SyncStatus>): void {
    const merged = { ...current, ...next };
    if (merged.pending === current.pending && merged.connection === current.connection) return;
    current = merged;
    for (const listener of listeners) listener();
  },
  /** How many writes wait in one outbox (`source`: the entity's), and how the last request went when known. */
  setPending(source: string, pending: number, connection?: Connection): void {
    pendingBySource.set(source, pending);
    let total = 0;
    for (const count of pendingBySource.values()) total += count;
    this.set({ pending: total, ...(connection && { connection }) });
  },
  reset(): void {
    pendingBySource.clear();
    this.set(initial);
  },
};

const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;

/** The sentence for a status: short, and the same words every time (it is announced politely). */
export function describeSyncStatus({ pending, connection }: SyncStatus): string {
  if (connection === 'offline') return pending === 0 ? 'Offline — no changes waiting' : `Offline — ${changes(pending)} waiting`;
  if (pending === 0) return 'All changes saved';
  if (connection === 'unavailable') return `Server unavailable — ${changes(pending)} waiting`;
  return 'Syncing…';
}
