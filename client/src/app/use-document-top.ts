/**
 * How far an element's top is from the top of the document, kept current. The
 * window virtualizer needs it (its `scrollMargin`) to turn the window's scroll
 * position into a position inside the list. What sits above the list (account
 * bar, header) can change height with the window width or with fonts loading; any
 * such change also resizes the body, so watching the body is enough and cheap
 * (a re-measure that finds the same value does not re-render).
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useDocumentTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Rounded down: what sits above can be a fraction of a pixel tall (the lists navigation's
    // text), and a row scrolled to the top must not start a fraction above the window.
    const measure = () => setTop(Math.floor(element.getBoundingClientRect().top + window.scrollY));
    // The ResizeObserver also calls `measure` once when it starts observing,
    // before the first paint, so the first frame already uses the right offset.
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}
