/**
 * The lists navigation: a link per list with its live count of active todos (from the local
 * collections, no request), the open one `aria-current="page"`, and "New list".
 */
import { useSyncExternalStore } from 'react';
import { useUserData } from '../data/user-data';
import { NewList } from './NewList';
import { hrefOf } from './use-hash-route';
import { useLists } from './use-lists';

function ActiveCount({ listId }: { listId: string }) {
  const { listCounts } = useUserData();
  const active = useSyncExternalStore(listCounts.subscribe, () => listCounts.active(listId));
  return (
    <span className="list-count">
      {active}
      <span className="visually-hidden"> left</span>
    </span>
  );
}

export function ListsNav({ openListId }: { openListId: string }) {
  const { lists } = useLists();
  return (
    <nav className="lists-nav" aria-label="Lists">
      <ul>
        {lists.map((list) => (
          <li key={list.id}>
            <a href={hrefOf(list.isDefault ? undefined : list.id)} aria-current={list.id === openListId ? 'page' : undefined}>
              <span className="list-name">{list.name}</span> <ActiveCount listId={list.id} />
            </a>
          </li>
        ))}
      </ul>
      <NewList />
    </nav>
  );
}
