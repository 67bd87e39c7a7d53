/**
 * The page title says which list is shown and whether something went wrong (WCAG
 * 2.4.2, decision 066): "Active – Todos", "Error: Active – Todos". The title of the
 * page before (index.html's) comes back when the list is left (signed out).
 */
import { useEffect } from 'react';
import type { Filter } from './use-hash-route';

const FILTER_TITLES: Record<Filter, string> = { all: 'All', active: 'Active', completed: 'Completed' };

/** `listName`: a list other than the person's default one ("Active – Groceries – Todos"). */
export function documentTitle(filter: Filter, error: boolean, listName?: string): string {
  return `${error ? 'Error: ' : ''}${FILTER_TITLES[filter]}${listName === undefined ? '' : ` – ${listName}`} – Todos`;
}

export function useDocumentTitle(filter: Filter, error: boolean, listName?: string): void {
  useEffect(() => {
    const before = document.title;
    document.title = documentTitle(filter, error, listName);
    return () => {
      document.title = before;
    };
  }, [filter, error, listName]);
}
