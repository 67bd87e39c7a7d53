import { memo, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { List } from '../../../shared/list';
import type { TodoIndex } from '../data/todo-index';
import { OpenListContext, useOpenList, useUserData, type OpenList } from '../data/user-data';
import { writeErrors } from '../data/write-errors';
import { announcer } from './announcer';
import { Notices } from './ErrorBanner';
import { Footer } from './Footer';
import { JoinList } from './JoinList';
import { ListsNav } from './ListsNav';
import { ListTools } from './ListTools';
import { LoadError } from './LoadError';
import { NewTodo } from './NewTodo';
import { SkipLinks } from './SkipLinks';
import { ToggleAll } from './ToggleAll';
import { TodoList } from './TodoList';
import { useTodoCounts } from './todo-queries';
import { useDocumentTitle } from './use-document-title';
import { hrefOf, routeFromHash, useHash, type Filter } from './use-hash-route';
import { useLists } from './use-lists';

// Memoized so that count changes, which re-render App, do not re-render the input.
const Header = memo(function Header({ adds }: { adds: boolean }) {
  return (
    <header className="header">
      <h1>todos</h1>
      {adds && <NewTodo />}
    </header>
  );
});

/**
 * Says "Loading your todos…" while the first load runs, and the remaining count once,
 * when the whole list is in (decision 067): not on every change of the count (a long
 * list loads in chunks, and each write announces its own outcome with the count).
 */
function useLoadAnnouncements(isLoading: boolean, index: TodoIndex) {
  const { collection } = useUserData();
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
    // Once per page: switching lists announces through the navigation, not the load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [collection]);
}

/** TodoMVC layout for the open list: header, then (once loaded and non-empty) the list and footer. */
function ListPage({ filter, list }: { filter: Filter; list: List | undefined }) {
  const { index, readOnly } = useOpenList();
  const { counts, isLoading, isError } = useTodoCounts();
  useLoadAnnouncements(isLoading, index);
  const writeError = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  useDocumentTitle(filter, isError || (writeError !== null && !writeError.notice), list && !list.isDefault ? list.name : undefined);

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
          {!readOnly && <ToggleAll allCompleted={counts.active === 0} />}
          <TodoList filter={filter} />
        </section>
        <Footer counts={counts} filter={filter} />
      </>
    );

  return (
    <>
      <section className="todoapp">
        <Header adds={!readOnly} />
        {body}
        {/* Last, not between header and list: todomvc-app-css positions the
            toggle-all chevron relative to section.main, just above it. */}
        <Notices />
      </section>
      {list && <ListTools list={list} />}
    </>
  );
}

/** A list route whose list this person cannot open (removed, deleted, never theirs). */
function MissingList() {
  return (
    <section className="todoapp">
      <header className="header">
        <h1>todos</h1>
      </header>
      <div className="load-error">
        <p role="alert">This list is not available: it was deleted, or you are no longer a member.</p>
        <a href={hrefOf(undefined)}>Back to your todos</a>
      </div>
    </section>
  );
}

/** The signed-in page: the lists, and the open list (or an invite being opened). */
export function App() {
  const route = routeFromHash(useHash());
  const data = useUserData();
  const { lists, ready } = useLists();
  const listId = route.kind === 'list' ? (route.listId ?? data.defaultListId) : data.defaultListId;
  const linkId = route.kind === 'list' ? route.listId : undefined;
  const list = lists.find((candidate) => candidate.id === listId);
  const readOnly = list?.role === 'viewer';
  const open = useMemo<OpenList>(
    () => ({ listId, linkId, readOnly, index: data.indexFor(listId), collection: data.collection }),
    [data, listId, linkId, readOnly],
  );

  let content;
  if (route.kind === 'join') content = <JoinList token={route.token} />;
  else if (ready && !list && route.listId !== undefined) content = <MissingList />;
  else content = <ListPage filter={route.filter} list={list} />;

  return (
    <OpenListContext.Provider value={open}>
      <main>
        <ListsNav openListId={listId} />
        {content}
      </main>
      <footer className="info">
        <p>Double-click a todo, or press F2 or its Edit button, to edit it</p>
      </footer>
    </OpenListContext.Provider>
  );
}
