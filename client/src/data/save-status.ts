/**
 * What is still being saved, for honest feedback: the keys of rows with a write in
 * the outbox, sent or waiting (each row subscribes to its own key, so a change
 * re-renders only the rows concerned). Filled by the sync (todo-sync.ts), read by
 * the UI; the status line (sync-status.ts) says how many writes wait and why.
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
