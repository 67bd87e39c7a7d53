/**
 * Asks the list to open a todo's editor, wherever the row is (decision 066): the
 * error banner's Retry of a refused rename reopens the editor with the name that was
 * typed (kept as the user's edit draft), so the user sees it again, can correct it,
 * and Enter sends it. The list keeps that row mounted and scrolls it into view; the
 * row opens its editor and focuses it. A plain signal, like added-todos.ts.
 */
type Listener = (id: string) => void;

const listeners = new Set<Listener>();

export const editRequests = {
  request: (id: string): void => {
    for (const listener of listeners) listener(id);
  },
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
