/**
 * Where the page scrolls when the list changes under the user, for the
 * virtualized list (TodoList.tsx) whose rows are mostly not in the DOM, so the
 * browser cannot do it by itself.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { addedTodos } from './added-todos';
import { FILTER_STATUS, type Filter } from './use-hash-route';

/**
 * A new filter is a new list. Chosen from the keyboard (the focused filter link shows
 * its focus ring), focus stays on the link and the page keeps it in view: the footer
 * moves with the new list's length, and focus must never be left off screen (decision
 * 066). Otherwise (a click, a typed URL, the back button) the new list is shown from
 * its first row, like a page opened at that address — only when the page was scrolled
 * into the list: with the list's start in view nothing moves.
 */
export function useStartOfListOnFilterChange(filter: Filter, listTop: number): void {
  const shown = useRef(filter);
  // After the virtualizer's own layout effects (declared before this hook), so the list
  // already has its new height and the footer its new place.
  useLayoutEffect(() => {
    if (shown.current === filter) return;
    shown.current = filter;
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body && focused.matches(':focus-visible')) {
      focused.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (window.scrollY > listTop) window.scrollTo({ top: 0 });
  }, [filter, listTop]);
}

/**
 * A todo the user adds lands at the end of the list, which may be thousands of
 * rows below the input: once its row is part of the list, `reveal` it (TodoList
 * scrolls it into view unless that would take the focused input off screen; nothing
 * moves when it is in view already). A filter that hides the new todo ignores it.
 */
export function useRevealAddedTodo(
  filter: Filter,
  /** Where a todo is in the shown list (-1: not in it); a new function whenever the list changed. */
  positionOf: (id: string) => number,
  reveal: (index: number) => void,
): void {
  const toReveal = useRef<string | undefined>(undefined);
  useEffect(
    () =>
      addedTodos.subscribe((added) => {
        const status = FILTER_STATUS[filter];
        if (status === undefined || status === added.status) toReveal.current = added.id;
      }),
    [filter],
  );
  useLayoutEffect(() => {
    const id = toReveal.current;
    if (id === undefined) return;
    const index = positionOf(id);
    if (index < 0) return;
    toReveal.current = undefined;
    reveal(index);
  }, [positionOf, reveal]);
}
