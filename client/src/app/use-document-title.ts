/**
 * The page title says which list is shown and whether something went wrong (WCAG
 * 2.4.2, decision 066): "Active – Todos", "Error: Active – Todos". The title of the
 * page before (index.html's) comes back when the list is left (signed out).
 */
import { useEffect } from 'react';
import type { Filter } from './use-hash-route';

const FILTER_TITLES: Record<Filter, string> = { all: 'All', active: 'Active', completed: 'Completed' };

export function documentTitle(filter: Filter, error: boolean): string {
  return `${error ? 'Error: ' : ''}${FILTER_TITLES[filter]} – Todos`;
}

export function useDocumentTitle(filter: Filter, error: boolean): void {
  useEffect(() => {
    const before = document.title;
    document.title = documentTitle(filter, error);
    return () => {
      document.title = before;
    };
  }, [filter, error]);
}
