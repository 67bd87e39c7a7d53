import type { DataStore } from './data-store';

/**
 * Forwards every method call of one service to the instance `get` resolves, once it is loaded.
 * All methods of the services are async, so callers see no difference.
 */
function forwarding<T extends object>(get: () => Promise<T>): T {
  return new Proxy({} as T, {
    get: (_target, name) =>
      // Not a promise itself: `await service` must not take it for one.
      name === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            const service = await get();
            const method = service[name as keyof T] as (...params: unknown[]) => unknown;
            return method.apply(service, args);
          },
  });
}

/**
 * A data store whose implementation is loaded on first use. The Lambda handler uses it so the
 * DynamoDB SDK (most of the artifact) is compiled while the first request waits on the network
 * for the token signing keys, instead of before the function can take that request (see
 * decision 014). A failed load is retried on the next call.
 */
export function lazyDataStore(load: () => Promise<DataStore>): DataStore & { preload(): void } {
  let loading: Promise<DataStore> | undefined;
  const get = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    preload: () => void get().catch(() => undefined),
    todos: forwarding(async () => (await get()).todos),
    lists: forwarding(async () => (await get()).lists),
    feed: forwarding(async () => (await get()).feed),
  };
}
