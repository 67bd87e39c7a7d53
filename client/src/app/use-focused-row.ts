/**
 * Which row of the list holds keyboard focus (its checkbox, buttons or edit
 * input). The virtualized list keeps that row mounted while it scrolls out of
 * view: unmounting it would drop focus to the page (the next Tab would start
 * from the top) and would end an edit in progress.
 * `rowAt` names the row at an index (the todo id, which survives rows moving);
 * `initial` names a row to keep before any focus event (an edit restored after
 * signing in, whose row focuses its input once mounted, wherever it is). The
 * hook returns the row's name, the focus handlers for the list element, and `pin`
 * to keep a row mounted before it has focus (an editor reopened by Retry).
 */
import { useState, type FocusEvent } from 'react';

/** The row index a list item carries (the virtualizer's `data-index`). */
function rowIndexOf(element: Element): number | undefined {
  const index = element.closest('li[data-index]')?.getAttribute('data-index');
  return index == null ? undefined : Number(index);
}

export function useFocusedRow<T>(rowAt: (index: number) => T | undefined, initial: () => T | undefined) {
  const [focused, setFocused] = useState<T | undefined>(initial);
  return {
    focused,
    pin: setFocused,
    onFocus: (event: FocusEvent) => {
      const index = rowIndexOf(event.target);
      setFocused(index === undefined ? undefined : rowAt(index));
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      // Moving within the list is handled by the onFocus that follows. When the
      // whole window loses focus the element stays the active one: keep its row.
      const next = event.relatedTarget;
      if (next instanceof Node && event.currentTarget.contains(next)) return;
      if (document.activeElement === event.target) return;
      setFocused(undefined);
    },
  };
}
