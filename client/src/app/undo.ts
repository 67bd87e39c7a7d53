/**
 * A short-lived offer to undo a destructive bulk action ("Clear completed"):
 * shown for UNDO_MS (longer while the pointer or focus is on it), then gone.
 */
type Listener = () => void;

export interface UndoOffer {
  message: string;
  undo: () => void;
  id: number;
}

export const UNDO_MS = 10_000;

let current: UndoOffer | null = null;
let nextId = 1;
const listeners = new Set<Listener>();
const emit = () => {
  for (const listener of listeners) listener();
};

export const undoOffers = {
  get: (): UndoOffer | null => current,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  offer: (message: string, undo: () => void): void => {
    current = { message, undo, id: nextId++ };
    emit();
  },
  /** Removes the offer `id` (or any offer), e.g. when its time is up. */
  withdraw: (id?: number): void => {
    if (current && (id === undefined || current.id === id)) {
      current = null;
      emit();
    }
  },
};
