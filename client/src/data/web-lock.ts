/**
 * One sender per user per browser: the outbox is shared by every tab of the user
 * (it lives in IndexedDB), so two tabs sending it at once would send each write
 * twice. A Web Lock (`navigator.locks`) is held while a tab sends; the other tabs
 * wait for it. Without Web Locks (Node tests) there is only one sender anyway.
 */
export type LockRunner = <T>(name: string, work: () => Promise<T>, options?: { ifAvailable?: boolean }) => Promise<T | undefined>;

const webLocks = () => (typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).locks);

export const webLock: LockRunner = async (name, work, { ifAvailable = false } = {}) => {
  const locks = webLocks();
  if (!locks) return work();
  // With ifAvailable the callback gets null when another tab holds the lock.
  return locks.request(name, { ifAvailable }, (lock) => (lock ? work() : undefined));
};

/**
 * Holds `name` in shared mode until the returned function is called (or the tab closes):
 * tells other tabs that something is in use here, while any number of tabs may hold it
 * too. An exclusive `webLock(name, …, { ifAvailable: true })` elsewhere then does not run.
 * The returned function resolves once the lock is actually let go.
 */
export function holdSharedLock(name: string): () => Promise<void> {
  const locks = webLocks();
  if (!locks) return () => Promise.resolve();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const released = locks.request(name, { mode: 'shared' }, () => held).catch(() => undefined);
  return () => {
    release();
    return released;
  };
}
