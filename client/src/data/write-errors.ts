/**
 * The latest failed write, as a tiny external store: the collection's handlers
 * report into it, and the UI shows it until dismissed. Kept outside React so the
 * data layer has no UI dependency.
 */
import { TRPCClientError } from '@trpc/client';

export interface WriteError {
  /** Human-readable; server validation messages name the offending field. */
  message: string;
  at: number;
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
    current = { message: `Could not ${action}: ${describeError(error)}. Your change was undone.`, at: Date.now() };
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
