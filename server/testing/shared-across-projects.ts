/**
 * Vitest global setup helper: one resource for a whole run, shared by the projects whose global
 * setup asks for it (vitest.config.ts runs the app tests as two projects). The first to ask
 * starts it, the last to finish stops it. Kept on globalThis under `name`: each project may load
 * a global-setup module separately.
 */
interface Entry<T> {
  readonly value: T;
  users: number;
}

export interface SharedResource<T> {
  readonly value: T;
  /** This project is done with it: the last one to release it stops it. */
  readonly release: () => Promise<void>;
}

export function acquireShared<T>(name: string, start: () => T, stop: (value: T) => void | Promise<void>): SharedResource<T> {
  const key = Symbol.for(name);
  const store = globalThis as unknown as Record<symbol, Entry<T> | undefined>;
  const entry = (store[key] ??= { value: start(), users: 0 });
  entry.users += 1;
  return {
    value: entry.value,
    release: async () => {
      entry.users -= 1;
      if (entry.users > 0) return;
      store[key] = undefined;
      await stop(entry.value);
    },
  };
}
