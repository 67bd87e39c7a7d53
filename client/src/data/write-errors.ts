/**
 * The latest failed write, as a tiny external store: the collection's handlers
 * report into it, and the UI shows it until dismissed. Kept outside React so the
 * data layer has no UI dependency.
 */
import { TRPCClientError } from '@trpc/client';
import { isUnauthorized } from './auth-errors';

export interface WriteError {
  /** Human-readable; server validation messages name the offending field. */
  message: string;
  at: number;
  /** The API refused the access token (expired or revoked): only signing in again helps. */
  signInRequired: boolean;
}

type Listener = () => void;
let current: WriteError | null = null;
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
  report: (action: string, error: unknown): void => {
    const signInRequired = isUnauthorized(error);
    const message = signInRequired
      ? `Could not ${action}: your session has expired. Your change was undone; sign in again to continue.`
      : `Could not ${action}: ${describeError(error)}. Your change was undone.`;
    current = { message, at: Date.now(), signInRequired };
    emit();
  },
  dismiss: (): void => {
    current = null;
    emit();
  },
};

function describeError(error: unknown): string {
  const cause = error instanceof Error && error.name === 'PartialWriteError' ? error.cause : error;
  if (cause instanceof TRPCClientError) {
    const code = (cause.data as { code?: string } | undefined)?.code;
    if (code === 'NOT_FOUND') return 'it was deleted elsewhere';
    if (code === 'CONFLICT') return 'it was changed elsewhere';
    if (code === undefined) return 'the server could not be reached';
    return cause.message;
  }
  return cause instanceof Error ? cause.message : 'unknown error';
}
