import { memo } from 'react';
import { ErrorBanner } from './ErrorBanner';
import { Footer } from './Footer';
import { LoadError } from './LoadError';
import { NewTodo } from './NewTodo';
import { ToggleAll } from './ToggleAll';
import { TodoList } from './TodoList';
import { useTodoCounts } from './todo-queries';
import { useHashRoute } from './use-hash-route';

// Memoized so that count changes, which re-render App, do not re-render the input.
const Header = memo(function Header() {
  return (
    <header className="header">
      <h1>todos</h1>
      <NewTodo />
    </header>
  );
});

/** TodoMVC layout: header, then (once loaded and non-empty) the list and footer. */
export function App() {
  const filter = useHashRoute();
  const { counts, isLoading, isError } = useTodoCounts();

  let body;
  if (isError) body = <LoadError />;
  else if (isLoading) body = <p className="loading">Loading…</p>;
  else if (counts.total > 0)
    body = (
      <>
        <section className="main">
          <ToggleAll allCompleted={counts.active === 0} />
          <TodoList filter={filter} />
        </section>
        <Footer counts={counts} filter={filter} />
      </>
    );

  return (
    <>
      <section className="todoapp">
        <Header />
        {body}
        {/* Last, not between header and list: todomvc-app-css positions the
            toggle-all chevron relative to section.main, just above it. */}
        <ErrorBanner />
      </section>
      <footer className="info">
        <p>Double-click to edit a todo</p>
      </footer>
    </>
  );
}
