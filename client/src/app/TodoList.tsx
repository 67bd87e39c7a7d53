import { memo } from 'react';
import { TodoItem } from './TodoItem';
import { useVisibleTodos } from './todo-queries';
import type { Filter } from './use-hash-route';

/**
 * The rows for the current filter. Its own live query, so count changes in the
 * parent do not touch it, and it passes each row object through unchanged, so
 * memoized rows skip rendering unless their todo changed.
 */
export const TodoList = memo(function TodoList({ filter }: { filter: Filter }) {
  const { data: todos } = useVisibleTodos(filter);
  const leavesWhenToggled = filter !== 'all';
  return (
    <ul className="todo-list" aria-label="Todos">
      {todos.map((todo) => (
        <TodoItem key={todo.id} todo={todo} leavesWhenToggled={leavesWhenToggled} />
      ))}
    </ul>
  );
});
