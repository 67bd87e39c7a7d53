/**
 * A short-lived offer to undo a destructive bulk action ("Clear completed"):
 * shown for UNDO_MS, and for as long as the pointer or focus is on it (focus moves
 * to it when it is offered, so a keyboard user has it in hand: WCAG 2.2.1), then gone.
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
  /** Returns the offer's id (to withdraw it). */
  offer: (message: string, undo: () => void): number => {
    current = { message, undo, id: nextId++ };
    emit();
    return current.id;
  },
  /** Removes the offer `id` (or any offer), e.g. when its time is up. */
  withdraw: (id?: number): void => {
    if (current && (id === undefined || current.id === id)) {
      current = null;
      emit();
    }
  },
};
