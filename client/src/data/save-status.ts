/**
 * What is still being saved, for honest feedback: the keys of rows whose write is
 * in flight (each row subscribes to its own key, so a change re-renders only the
 * rows concerned), and whether writes are waiting to be retried (service
 * unavailable or offline). Filled by the collection's handlers, read by the UI.
 */
type Listener = () => void;

const savingCounts = new Map<string, number>();
const rowListeners = new Map<string, Set<Listener>>();

function notifyRow(key: string) {
  for (const listener of rowListeners.get(key) ?? []) listener();
}

export const savingRows = {
  add(keys: readonly string[]): void {
    for (const key of keys) {
      savingCounts.set(key, (savingCounts.get(key) ?? 0) + 1);
      notifyRow(key);
    }
  },
  remove(keys: readonly string[]): void {
    for (const key of keys) {
      const left = (savingCounts.get(key) ?? 1) - 1;
      if (left > 0) savingCounts.set(key, left);
      else savingCounts.delete(key);
      notifyRow(key);
    }
  },
  has: (key: string): boolean => savingCounts.has(key),
  subscribe(key: string, listener: Listener): () => void {
    let set = rowListeners.get(key);
    if (!set) rowListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      // Stryker disable next-line ConditionalExpression: keeps the map small; an empty set left behind changes nothing a test can see.
      if (set.size === 0) rowListeners.delete(key);
    };
  },
};

export type RetryState = 'none' | 'retrying' | 'offline';

let retrying = 0;
let offline = 0;
const retryListeners = new Set<Listener>();
const emitRetry = () => {
  for (const listener of retryListeners) listener();
};

/** Writes waiting for another try; "offline" wins when any of them failed for lack of a network. */
export const retryStatus = {
  get: (): RetryState => (offline > 0 ? 'offline' : retrying > 0 ? 'retrying' : 'none'),
  subscribe: (listener: Listener): (() => void) => {
    retryListeners.add(listener);
    return () => retryListeners.delete(listener);
  },
  /** Marks one write as waiting; call the returned function when it tries again. */
  waiting(isOffline: boolean): () => void {
    if (isOffline) offline++;
    else retrying++;
    emitRetry();
    return () => {
      if (isOffline) offline--;
      else retrying--;
      emitRetry();
    };
  },
};
