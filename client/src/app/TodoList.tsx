import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef } from 'react';
import { useUserData } from '../data/user-data';
import { editRequests } from './edit-requests';
import { EDIT_HINT_ID, TodoItem } from './TodoItem';
import { useVisibleTodos } from './todo-queries';
import { useDocumentTop } from './use-document-top';
import { useFocusedRow } from './use-focused-row';
import type { Filter } from './use-hash-route';
import { useRevealAddedTodo, useStartOfListOnFilterChange } from './use-list-scroll';

/**
 * A first guess at a row's height before it is measured: one line of text
 * (todomvc-app-css: 24 px × 1.2 line height + 2 × 15 px padding, plus the 1 px
 * border), rounded up. Every rendered row is measured, so wrapped names are exact.
 */
const ESTIMATED_ROW_PX = 60;

/**
 * Rows kept rendered beyond each edge of the window. Tab always finds the next
 * row already mounted (the browser then scrolls it into view), and a fast wheel
 * scroll rarely shows blank space. With a tall window (1,600 px ≈ 27 rows) that is
 * under 50 rows in the DOM, far below the 200 the list must never exceed.
 */
const OVERSCAN_ROWS = 10;

/** The indexes to render, plus `pinned` (if any), in list order so the DOM and Tab order match. */
function withPinnedRow(range: Range, pinned: number): number[] {
  const indexes = defaultRangeExtractor(range);
  if (pinned < 0 || indexes.includes(pinned)) return indexes;
  return [...indexes, pinned].sort((a, b) => a - b);
}

/**
 * The rows for the current filter, virtualized against the page's own scroll
 * (the window), so the page looks and scrolls like TodoMVC: only the rows in and
 * near the window are in the DOM, each measured (long names wrap) and placed by the
 * virtualizer, which writes row positions and the list height straight to the
 * DOM (`directDomUpdates`) so scrolling re-renders nothing but the rows that
 * appear. The row holding focus (or being edited) stays mounted while it scrolls
 * out, and so does the row of an edit restored after signing in (TodoItem), so
 * it reopens wherever it is in the list.
 *
 * It reads the user's todo index itself (decision 046), so count changes in the parent
 * do not touch it, and it passes each row object through unchanged, so memoized rows
 * skip rendering unless their todo (or their position in the list) changed.
 */
export const TodoList = memo(function TodoList({ filter }: { filter: Filter }) {
  const { ids, layout, index: todoIndex, list: listName } = useVisibleTodos(filter);
  const leavesWhenToggled = filter !== 'all';
  const list = useRef<HTMLUListElement | null>(null);
  const listTop = useDocumentTop(list);
  const { editDraft } = useUserData();
  const { focused, pin, onFocus, onBlur } = useFocusedRow(
    (index) => ids[index],
    () => editDraft.get()?.id,
  );
  const focusedIndex = focused === undefined ? -1 : todoIndex.indexOf(listName, focused);
  // New functions only when ids joined or left the list (`layout`), not when a row changed
  // in place: the virtualizer then keeps its measurements instead of recomputing them for
  // every row (a toggle among 100,000 todos stays one row's work).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `ids` is updated in place; `layout` says when
  const keyAt = useCallback((index: number) => ids[index] ?? index, [ids, layout]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  const positionOf = useCallback((id: string) => todoIndex.indexOf(listName, id), [todoIndex, listName, layout]);

  const virtualizer = useWindowVirtualizer<HTMLLIElement>({
    count: ids.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN_ROWS,
    scrollMargin: listTop,
    // Sizes are remembered per todo, not per position: after a filter change or a
    // delete, a row keeps its measured height.
    getItemKey: keyAt,
    rangeExtractor: (range) => withPinnedRow(range, focusedIndex),
    directDomUpdates: true,
  });

  const listRef = useCallback(
    (node: HTMLUListElement | null) => {
      list.current = node;
      virtualizer.containerRef(node);
    },
    [virtualizer],
  );
  /**
   * Brings a row into view unless that would scroll the element with focus off screen
   * (decision 066): with a long list, a todo added with the input lands far below it,
   * and the input keeps focus, so the page stays where it is.
   */
  const revealKeepingFocus = useCallback(
    (index: number) => {
      const target = virtualizer.getOffsetForIndex(index, 'auto');
      if (!target) return;
      const [top] = target;
      const focusedElement = document.activeElement;
      if (focusedElement instanceof HTMLElement && focusedElement !== document.body && !list.current?.contains(focusedElement)) {
        const box = focusedElement.getBoundingClientRect();
        const focusTop = box.top + window.scrollY;
        if (focusTop < top || focusTop + box.height > top + window.innerHeight) return;
      }
      virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [virtualizer],
  );
  useStartOfListOnFilterChange(filter, listTop);
  useRevealAddedTodo(filter, positionOf, revealKeepingFocus);

  // Retry of a refused rename: keep the row mounted and in view; the row opens its editor.
  useEffect(
    () =>
      editRequests.subscribe((id) => {
        const index = positionOf(id);
        if (index < 0) return;
        pin(id);
        virtualizer.scrollToIndex(index, { align: 'auto' });
      }),
    [positionOf, pin, virtualizer],
  );

  // Rows are list items of a list whose other items are not in the DOM, so each
  // says where it is and how many there are (aria-posinset/-setsize): a screen
  // reader announces "item 9,000 of 10,000", not "item 3 of 31".
  // Each row's checkbox is described by the hint below, so F2 is explained where it is used.
  return (
    <>
      <ul ref={listRef} className="todo-list" aria-label="Todos" onFocus={onFocus} onBlur={onBlur}>
        {virtualizer.getVirtualItems().map(({ index }) => {
          const id = ids[index];
          const todo = id === undefined ? undefined : todoIndex.todo(id);
          return (
            todo && (
              <TodoItem
                key={todo.id}
                todo={todo}
                leavesWhenToggled={leavesWhenToggled}
                index={index}
                setSize={ids.length}
                measureRef={virtualizer.measureElement}
              />
            )
          );
        })}
      </ul>
      <span id={EDIT_HINT_ID} hidden>
        Press F2 to edit.
      </span>
    </>
  );
});
