/**
 * The latest failed write, as a tiny external store: the collection's handlers
 * report into it, and the UI shows it until dismissed. Kept outside React so the
 * data layer has no UI dependency.
 */
import { classifyFailure, describeFailure } from './error-text';

export interface WriteError {
  /** Human-readable, naming the todo; server validation messages name the offending field. */
  message: string;
  /** When it happened: a new error (even with the same text) has a new `at`, and is announced again. */
  at: number;
  /** The API refused the access token (expired or revoked): only signing in again helps. */
  signInRequired: boolean;
  /** Sends the same change again (offered for renames and other updates, and deletes). */
  retry?: () => void;
  /**
   * A refused rename of one todo: Retry reopens that todo's editor with this name (the user
   * sees the text again, can correct it, and Enter sends it) instead of sending it blind.
   */
  rename?: { id: string; name: string };
  /** Not a failure: something to know about a change that was applied (a conflict resolved). */
  notice?: boolean;
}

type Listener = () => void;
let current: WriteError | null = null;
let lastAt = 0;
const listeners = new Set<Listener>();

function emit() {
  for (const listener of listeners) listener();
}

// Arrow functions, not methods: they are passed around unbound (useSyncExternalStore, onClick).
export const writeErrors = {
  get: (): WriteError | null => current,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /**
   * `action` completes "Could not …", e.g. `add “Buy milk”`. `undone` says what
   * happened to the change (default: it was rolled back).
   */
  report: (action: string, error: unknown, options: { retry?: () => void; undone?: string; rename?: WriteError['rename'] } = {}): void => {
    const signInRequired = classifyFailure(error) === 'unauthorized';
    const undone = options.undone ?? 'Your change was undone.';
    const message = signInRequired
      ? `Could not ${action}: your session has expired. ${undone.replace(/\.$/, '')}; sign in again to continue.`
      : `Could not ${action}: ${describeFailure(error)}. ${undone}`;
    // Strictly increasing, so two failures in the same millisecond are still two.
    lastAt = Math.max(Date.now(), lastAt + 1);
    current = {
      message,
      at: lastAt,
      signInRequired,
      retry: signInRequired ? undefined : options.retry,
      rename: signInRequired ? undefined : options.rename,
    };
    emit();
  },
  /** Something the user should know about their change that is not a failure (a conflict resolved, a change dropped). */
  notice: (message: string): void => {
    lastAt = Math.max(Date.now(), lastAt + 1);
    current = { message, at: lastAt, signInRequired: false, notice: true };
    emit();
  },
  dismiss: (): void => {
    current = null;
    emit();
  },
};
