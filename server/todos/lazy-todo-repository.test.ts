import { describe, expect, it } from 'vitest';
import type { TodoRepository } from './todo-repository';
import { lazyTodoRepository } from './lazy-todo-repository';

const page = { items: [], nextCursor: null, changesCursor: 'c' };
const changes = { expired: true as const, cursor: 'c' };
const fake: TodoRepository = {
  listPage: () => Promise.resolve(page),
  changes: () => Promise.resolve(changes),
  create: () => Promise.resolve([]),
  update: () => Promise.resolve([]),
  delete: (_owner, ids) => Promise.resolve([...ids]),
};

describe('lazyTodoRepository', () => {
  it('loads once, on first use or preload, and forwards every call', async () => {
    let loads = 0;
    const repository = lazyTodoRepository(() => {
      loads++;
      return Promise.resolve(fake);
    });
    expect(loads).toBe(0);
    repository.preload();
    // Preloading starts the load at once, before any call needs it.
    expect(loads).toBe(1);
    repository.preload();
    expect(await repository.listPage('o')).toBe(page);
    expect(await repository.changes('o', { cursor: 'c' })).toBe(changes);
    expect(await repository.delete('o', ['a', 'b'])).toEqual(['a', 'b']);
    expect(await repository.create('o', [])).toEqual([]);
    expect(await repository.update('o', [])).toEqual([]);
    expect(loads).toBe(1);
  });

  it('retries a failed load on the next call instead of failing forever', async () => {
    let loads = 0;
    const repository = lazyTodoRepository(() => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('chunk missing')) : Promise.resolve(fake);
    });
    await expect(repository.listPage('o')).rejects.toThrow('chunk missing');
    expect(await repository.listPage('o')).toBe(page);
    expect(loads).toBe(2);
  });

  it('preloads without an unhandled rejection when the load fails, and loads again on use', async () => {
    let loads = 0;
    const repository = lazyTodoRepository(() => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('chunk missing')) : Promise.resolve(fake);
    });
    repository.preload();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await repository.update('o', [])).toEqual([]);
    expect(loads).toBe(2);
  });
});
