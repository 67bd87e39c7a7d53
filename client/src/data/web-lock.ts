/**
 * One sender per user per browser: the outbox is shared by every tab of the user
 * (it lives in IndexedDB), so two tabs sending it at once would send each write
 * twice. A Web Lock (`navigator.locks`) is held while a tab sends; the other tabs
 * wait for it. Without Web Locks (Node tests) there is only one sender anyway.
 */
export type LockRunner = <T>(name: string, work: () => Promise<T>, options?: { ifAvailable?: boolean }) => Promise<T | undefined>;

export const webLock: LockRunner = async (name, work, { ifAvailable = false } = {}) => {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).locks;
  if (!locks) return work();
  // With ifAvailable the callback gets null when another tab holds the lock.
  return locks.request(name, { ifAvailable }, (lock) => (lock ? work() : undefined));
};
