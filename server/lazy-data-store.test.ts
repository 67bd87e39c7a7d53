import { describe, expect, it } from 'vitest';
import type { DataStore } from './data-store';
import { lazyDataStore } from './lazy-data-store';

const page = { items: [], nextCursor: null, changesCursor: 'c' };
const list = { listId: 'l', partition: 'p' };
const fake = {
  todos: { listPage: () => Promise.resolve(page), delete: (_list: unknown, ids: string[]) => Promise.resolve([...ids]) },
  lists: { leave: () => Promise.resolve() },
  feed: { changes: () => Promise.resolve({ expired: true, cursor: 'x' }) },
} as unknown as DataStore;

describe('lazyDataStore', () => {
  it('loads once, on first use or preload, and forwards every call with its arguments', async () => {
    let loads = 0;
    const store = lazyDataStore(() => {
      loads++;
      return Promise.resolve(fake);
    });
    expect(loads).toBe(0);
    store.preload();
    // Preloading starts the load at once, before any call needs it.
    expect(loads).toBe(1);
    store.preload();
    expect(await store.todos.listPage(list)).toBe(page);
    expect(await store.todos.delete(list, ['a', 'b'])).toEqual(['a', 'b']);
    expect(await store.feed.changes({ id: 'u', name: 'u' }, { cursor: 'c' })).toEqual({ expired: true, cursor: 'x' });
    await store.lists.leave({ id: 'u', name: 'u' }, 'l');
    expect(loads).toBe(1);
  });

  it('retries a failed load on the next call instead of failing forever', async () => {
    let loads = 0;
    const store = lazyDataStore(() => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('chunk missing')) : Promise.resolve(fake);
    });
    await expect(store.todos.listPage(list)).rejects.toThrow('chunk missing');
    expect(await store.todos.listPage(list)).toBe(page);
    expect(loads).toBe(2);
  });

  it('preloads without an unhandled rejection when the load fails, and loads again on use', async () => {
    let loads = 0;
    const store = lazyDataStore(() => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('chunk missing')) : Promise.resolve(fake);
    });
    store.preload();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await store.todos.delete(list, ['a'])).toEqual(['a']);
    expect(loads).toBe(2);
  });
});
