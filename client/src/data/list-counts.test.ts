import { describe, expect, it } from 'vitest';
import type { Todo } from '../../../shared/todo';
import { createListCounts } from './list-counts';

const todo = (id: string, listId: string, status: Todo['status'] = 'pending'): Todo => ({ id, listId, name: id, status, createdAt: 't', updatedAt: 't', version: 1 });

describe('list counts', () => {
  it('counts each list’s active todos through inserts, toggles, moves of status and deletes', () => {
    const counts = createListCounts();
    let told = 0;
    counts.subscribe(() => told++);
    counts.apply([
      { type: 'insert', key: 'a', value: todo('a', 'L1') },
      { type: 'insert', key: 'b', value: todo('b', 'L1', 'completed') },
      { type: 'insert', key: 'c', value: todo('c', 'L2') },
    ]);
    expect([counts.active('L1'), counts.active('L2'), counts.active('none')]).toEqual([1, 1, 0]);
    counts.apply([{ type: 'update', key: 'b', value: todo('b', 'L1') }]);
    expect(counts.active('L1')).toBe(2);
    counts.apply([{ type: 'update', key: 'a', value: todo('a', 'L1', 'completed') }]);
    counts.apply([{ type: 'delete', key: 'c', value: todo('c', 'L2') }]);
    expect([counts.active('L1'), counts.active('L2')]).toEqual([1, 0]);
    expect(told).toBe(4);
    // A change that moves no count tells nobody.
    counts.apply([{ type: 'update', key: 'b', value: { ...todo('b', 'L1'), name: 'renamed' } }]);
    expect(told).toBe(4);
  });
});
