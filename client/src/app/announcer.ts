/**
 * One polite live region for the whole page (rendered by Root before any content
 * changes, so screen readers pick up its updates). Parts said within the same
 * moment (e.g. "Deleted “a”." and "2 items left.") are read as one sentence; the
 * same text twice in a row is still read twice.
 */
type Listener = () => void;

let text = '';
let pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<Listener>();

function flush() {
  timer = undefined;
  const next = pending.join(' ');
  pending = [];
  // A trailing no-break space makes a repeated message a change the region reports.
  text = next === text ? `${next}\u00a0` : next;
  for (const listener of listeners) listener();
}

export const announcer = {
  get: (): string => text,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  say: (part: string): void => {
    if (!pending.includes(part)) pending.push(part);
    timer ??= setTimeout(flush, 120);
  },
};

/** Moves focus to the new-todo input: where focus goes when the control it was on is gone. */
export function focusNewTodo(): void {
  document.querySelector<HTMLInputElement>('.new-todo')?.focus();
}

/**
 * Before a row leaves the list: focus the same control in the next row (or the
 * previous one when it was the last), or the new-todo input when none is left.
 */
export function focusNeighbourOf(row: Element | null, selector = '.toggle'): void {
  const neighbour = row?.nextElementSibling ?? row?.previousElementSibling;
  const target = neighbour?.querySelector<HTMLElement>(selector);
  if (target) target.focus();
  else focusNewTodo();
}
