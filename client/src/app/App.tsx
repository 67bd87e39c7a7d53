import { memo, useEffect, useSyncExternalStore } from 'react';
import { useUserData } from '../data/user-data';
import { writeErrors } from '../data/write-errors';
import { announcer } from './announcer';
import { Notices } from './ErrorBanner';
import { Footer } from './Footer';
import { LoadError } from './LoadError';
import { NewTodo } from './NewTodo';
import { SkipLinks } from './SkipLinks';
import { ToggleAll } from './ToggleAll';
import { TodoList } from './TodoList';
import { useTodoCounts } from './todo-queries';
import { useDocumentTitle } from './use-document-title';
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

/**
 * Says "Loading your todos…" while the first load runs, and the remaining count once,
 * when the whole list is in (decision 067): not on every change of the count (a long
 * list loads in chunks, and each write announces its own outcome with the count).
 */
function useLoadAnnouncements(isLoading: boolean) {
  const { collection, index } = useUserData();
  useEffect(() => {
    if (isLoading) announcer.say('Loading your todos…');
  }, [isLoading]);
  useEffect(() => {
    let mounted = true;
    void collection.sync.whenLoaded().then(() => {
      if (!mounted) return;
      const { active, total } = index.counts();
      announcer.say(total === 0 ? 'No todos yet.' : `${active} ${active === 1 ? 'item' : 'items'} left.`);
    });
    return () => {
      mounted = false;
    };
  }, [collection, index]);
}

/** TodoMVC layout: header, then (once loaded and non-empty) the list and footer. */
export function App() {
  const filter = useHashRoute();
  const { counts, isLoading, isError } = useTodoCounts();
  useLoadAnnouncements(isLoading);
  const writeError = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  useDocumentTitle(filter, isError || (writeError !== null && !writeError.notice));

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
        <SkipLinks />
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
