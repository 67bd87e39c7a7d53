/**
 * What an add puts into the collection: the optimistic row is the row the server will store
 * (its id, and the list it goes to), so nothing is swapped when the answer comes. The
 * collection here is a stand-in that records the insert; the whole round trip is in
 * client/src/data/todos-collection.test.ts and the browser tests.
 */
import { describe, expect, it } from 'vitest';
import type { Todo } from '../../../shared/todo';
import { addTodo, type Todos } from './todo-actions';

function recordingTodos(listId: string) {
  const inserted: Todo[] = [];
  // A transaction that never settles: nothing is announced, nothing rolled back.
  const transaction = { isPersisted: { promise: new Promise(() => undefined) }, metadata: {} };
  const todos = {
    listId,
    collection: {
      insert: (todo: Todo) => {
        inserted.push(todo);
        return transaction;
      },
    },
    index: { counts: () => ({ active: 0, completed: 0, all: 0 }) },
  } as unknown as Todos;
  return { todos, inserted };
}

describe('addTodo', () => {
  it('adds a pending todo with a new UUIDv7 id, into the list the page shows', () => {
    const { todos, inserted } = recordingTodos('0193a5b2-7c4d-7e8f-9a0b-000000000001');
    const added = addTodo(todos, 'Buy milk');
    expect(inserted).toHaveLength(1);
    const [todo] = inserted;
    expect(todo).toMatchObject({ id: added.id, listId: '0193a5b2-7c4d-7e8f-9a0b-000000000001', name: 'Buy milk', status: 'pending', version: 0 });
    expect(todo?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(todo?.createdAt).toBe(todo?.updatedAt);
  });
});
