import { memo, useEffect, useRef } from 'react';
import { announcer } from './announcer';
import { Notices } from './ErrorBanner';
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

/** Says "Loading your todos…" once, then every change of the remaining count. */
function useAnnouncements(active: number, isLoading: boolean) {
  const previous = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (isLoading) announcer.say('Loading your todos…');
  }, [isLoading]);
  useEffect(() => {
    if (isLoading) return;
    if (previous.current !== undefined && previous.current !== active) {
      announcer.say(`${active} ${active === 1 ? 'item' : 'items'} left.`);
    }
    previous.current = active;
  }, [active, isLoading]);
}

/** TodoMVC layout: header, then (once loaded and non-empty) the list and footer. */
export function App() {
  const filter = useHashRoute();
  const { counts, isLoading, isError } = useTodoCounts();
  useAnnouncements(counts.active, isLoading);

  let body;
  if (isError) body = <LoadError />;
  else if (isLoading)
    body = (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  else if (counts.total > 0)
    body = (
      <>
        <section className="main" aria-label="Todos">
          <ToggleAll allCompleted={counts.active === 0} />
          <TodoList filter={filter} />
        </section>
        <Footer counts={counts} filter={filter} />
      </>
    );

  return (
    <>
      <main>
        <section className="todoapp">
          <Header />
          {body}
          {/* Last, not between header and list: todomvc-app-css positions the
              toggle-all chevron relative to section.main, just above it. */}
          <Notices />
        </section>
      </main>
      <footer className="info">
        <p>Double-click a todo, or press F2 or its Edit button, to edit it</p>
      </footer>
    </>
  );
}
