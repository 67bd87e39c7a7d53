import type { TodoRepository } from './todo-repository';

/**
 * A repository whose implementation is loaded on first use. The Lambda handler
 * uses it so the DynamoDB SDK (most of the artifact) is compiled while the first
 * request waits on the network for the token signing keys, instead of before the
 * function can take that request (see decision 014). A failed load is retried on
 * the next call.
 */
export function lazyTodoRepository(load: () => Promise<TodoRepository>): TodoRepository & { preload(): void } {
  let loading: Promise<TodoRepository> | undefined;
  const get = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    preload: () => void get().catch(() => undefined),
    listPage: async (ownerId, options) => (await get()).listPage(ownerId, options),
    changes: async (ownerId, options) => (await get()).changes(ownerId, options),
    create: async (ownerId, items) => (await get()).create(ownerId, items),
    update: async (ownerId, updates) => (await get()).update(ownerId, updates),
    delete: async (ownerId, ids) => (await get()).delete(ownerId, ids),
  };
}
