/**
 * Todos the user has just added through the input, announced to the list so it
 * can scroll the new row into view. A plain signal (no React state): the input
 * and the list are far apart in the tree, and neither should re-render for it.
 * The status travels with the id so that a list whose filter hides the new todo
 * (Completed) can ignore it at once instead of waiting for a row that never comes.
 */
import type { Todo } from '../../../shared/todo';

export type AddedTodo = Pick<Todo, 'id' | 'status'>;

type Listener = (added: AddedTodo) => void;

const listeners = new Set<Listener>();

export const addedTodos = {
  announce: (added: AddedTodo): void => {
    for (const listener of listeners) listener(added);
  },
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
