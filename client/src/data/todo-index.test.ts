/** The list's read model: id order, per-status lists, counts, and what changes tell the UI. */
import type { ChangeMessage } from '@tanstack/db';
import { describe, expect, it, vi } from 'vitest';
import type { Todo, TodoStatus } from '../../../shared/todo';
import { createTodoIndex, type ChangeSource } from './todo-index';
import { TEST_LIST_ID } from '../testing/test-list';

const todo = (id: string, status: TodoStatus = 'pending', name = id): Todo => ({
  id,
  listId: TEST_LIST_ID,
  name,
  status,
  createdAt: 't0',
  updatedAt: 't0',
  version: 1,
});
const insert = (row: Todo): ChangeMessage<Todo, string> => ({ type: 'insert', key: row.id, value: row });
const update = (row: Todo): ChangeMessage<Todo, string> => ({ type: 'update', key: row.id, value: row });
const remove = (row: Todo): ChangeMessage<Todo, string> => ({ type: 'delete', key: row.id, value: row });

describe('todo index', () => {
  it('keeps every list in id order, whatever order the rows arrive in', () => {
    const index = createTodoIndex();
    index.apply(['d', 'b', 'f', 'a', 'c', 'e'].map((id) => insert(todo(id, id < 'd' ? 'pending' : 'completed'))));
    expect(index.ids('all')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(index.ids('pending')).toEqual(['a', 'b', 'c']);
    expect(index.ids('completed')).toEqual(['d', 'e', 'f']);
    index.apply([insert(todo('bb')), insert(todo('0')), insert(todo('g'))]);
    expect(index.ids('all')).toEqual(['0', 'a', 'b', 'bb', 'c', 'd', 'e', 'f', 'g']);
    expect(index.ids('pending')).toEqual(['0', 'a', 'b', 'bb', 'c', 'g']);
  });

  it('counts per status, and moves a toggled todo between the status lists', () => {
    const index = createTodoIndex();
    index.apply([insert(todo('a')), insert(todo('b')), insert(todo('c', 'completed'))]);
    expect(index.counts()).toEqual({ active: 2, completed: 1, total: 3 });
    index.apply([update(todo('a', 'completed'))]);
    expect(index.ids('pending')).toEqual(['b']);
    expect(index.ids('completed')).toEqual(['a', 'c']);
    expect(index.ids('all')).toEqual(['a', 'b', 'c']);
    expect(index.counts()).toEqual({ active: 1, completed: 2, total: 3 });
    expect(index.todo('a')?.status).toBe('completed');
  });

  it('removes deleted todos from every list, and ignores unknown ids and repeated inserts', () => {
    const index = createTodoIndex();
    index.apply([insert(todo('a')), insert(todo('b', 'completed')), insert(todo('c'))]);
    index.apply([remove(todo('b', 'completed')), remove(todo('x')), insert(todo('c', 'pending', 'renamed'))]);
    expect(index.ids('all')).toEqual(['a', 'c']);
    expect(index.ids('completed')).toEqual([]);
    expect(index.ids('pending')).toEqual(['a', 'c']);
    expect(index.todo('b')).toBeUndefined();
    expect(index.todo('c')?.name).toBe('renamed');
    expect(index.counts()).toEqual({ active: 2, completed: 0, total: 2 });
  });

  it('finds positions by id (-1 when not in that list)', () => {
    const index = createTodoIndex();
    index.apply(['a', 'c', 'e', 'g'].map((id) => insert(todo(id, id === 'e' ? 'completed' : 'pending'))));
    expect(index.indexOf('all', 'a')).toBe(0);
    expect(index.indexOf('all', 'g')).toBe(3);
    expect(index.indexOf('all', 'e')).toBe(2);
    expect(index.indexOf('pending', 'g')).toBe(2);
    expect(index.indexOf('pending', 'e')).toBe(-1);
    expect(index.indexOf('all', 'b')).toBe(-1);
    expect(index.indexOf('all', 'z')).toBe(-1);
  });

  it('hands out the row objects it was given, so unchanged rows keep their identity', () => {
    const index = createTodoIndex();
    const a = todo('a');
    const b = todo('b');
    index.apply([insert(a), insert(b)]);
    const renamed = todo('b', 'pending', 'new name');
    index.apply([update(renamed)]);
    expect(index.todo('a')).toBe(a);
    expect(index.todo('b')).toBe(renamed);
  });

  it('says when a list changed its membership (layout) and when anything changed (version)', () => {
    const index = createTodoIndex();
    const listener = vi.fn();
    index.subscribe(listener);
    expect(index.version()).toBe(0);
    index.apply([]);
    expect(listener).not.toHaveBeenCalled();
    expect(index.version()).toBe(0);

    index.apply([insert(todo('a')), insert(todo('b'))]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(index.version()).toBe(1);
    const all = index.layoutVersion('all');
    const pending = index.layoutVersion('pending');
    const completed = index.layoutVersion('completed');
    expect(all).toBeGreaterThan(0);

    // A rename changes no list's membership.
    index.apply([update(todo('a', 'pending', 'renamed'))]);
    expect(index.version()).toBe(2);
    expect(index.layoutVersion('all')).toBe(all);
    expect(index.layoutVersion('pending')).toBe(pending);

    // A toggle moves the todo between the status lists, not in or out of "all".
    index.apply([update(todo('a', 'completed'))]);
    expect(index.layoutVersion('all')).toBe(all);
    expect(index.layoutVersion('pending')).toBeGreaterThan(pending);
    expect(index.layoutVersion('completed')).toBeGreaterThan(completed);

    index.apply([remove(todo('b'))]);
    expect(index.layoutVersion('all')).toBeGreaterThan(all);
    expect(listener).toHaveBeenCalledTimes(4);
  });

  it('follows its source from the first subscriber on, once, and stops with `stop`', () => {
    let deliver: ((changes: readonly ChangeMessage<Todo, string>[]) => void) | undefined;
    const unsubscribe = vi.fn();
    const source = vi.fn<ChangeSource>((apply) => {
      deliver = apply;
      return unsubscribe;
    });
    const index = createTodoIndex(source);
    expect(source).not.toHaveBeenCalled();

    const first = vi.fn();
    const stopFirst = index.subscribe(first);
    index.subscribe(vi.fn());
    expect(source).toHaveBeenCalledTimes(1);
    deliver?.([insert(todo('a'))]);
    expect(index.ids('all')).toEqual(['a']);
    expect(first).toHaveBeenCalledTimes(1);

    stopFirst();
    deliver?.([insert(todo('b'))]);
    expect(first).toHaveBeenCalledTimes(1);

    index.stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    index.subscribe(vi.fn());
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('stays correct over many random changes (against a sorted copy)', () => {
    const index = createTodoIndex();
    const expected = new Map<string, TodoStatus>();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let step = 0; step < 2000; step++) {
      const id = `id${Math.floor(random() * 300)
        .toString()
        .padStart(3, '0')}`;
      const roll = random();
      if (roll < 0.3) {
        index.apply([remove(todo(id))]);
        expect.soft(index.indexOf('all', id)).toBe(-1);
        expected.delete(id);
      } else {
        const status: TodoStatus = roll < 0.65 ? 'pending' : 'completed';
        index.apply([expected.has(id) ? update(todo(id, status)) : insert(todo(id, status))]);
        expected.set(id, status);
      }
    }
    const sorted = [...expected.keys()].sort();
    expect(index.ids('all')).toEqual(sorted);
    expect(index.ids('pending')).toEqual(sorted.filter((id) => expected.get(id) === 'pending'));
    expect(index.ids('completed')).toEqual(sorted.filter((id) => expected.get(id) === 'completed'));
  });
});
