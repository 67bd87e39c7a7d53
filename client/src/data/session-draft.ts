/**
 * Text the user is typing, kept in sessionStorage so that it survives the
 * sign-in redirect (a session that expires mid-edit must not cost the user their
 * words). One small external store per draft: read once, then held in memory,
 * written through on every change. Keys are per user, and a user's drafts are
 * removed when they sign out.
 */
type Listener = () => void;

export interface SessionDraft<T> {
  get: () => T | undefined;
  set: (value: T | undefined) => void;
  subscribe: (listener: Listener) => () => void;
}

export const DRAFT_KEY_PREFIX = 'todos.draft.';

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // storage disabled: drafts live in memory only
  }
}

export function sessionDraft<T>(key: string, isValid: (value: unknown) => value is T): SessionDraft<T> {
  const fullKey = `${DRAFT_KEY_PREFIX}${key}`;
  let value: T | undefined;
  try {
    const stored = storage()?.getItem(fullKey);
    const parsed: unknown = stored ? JSON.parse(stored) : undefined;
    value = isValid(parsed) ? parsed : undefined;
  } catch {
    value = undefined;
  }
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set: (next) => {
      if (next === value) return;
      value = next;
      try {
        if (next === undefined) storage()?.removeItem(fullKey);
        else storage()?.setItem(fullKey, JSON.stringify(next));
      } catch {
        // Quota or disabled storage: the draft still works for this page.
      }
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Removes every stored draft whose key starts with `keyPrefix` (one user's drafts). */
export function removeStoredDrafts(keyPrefix: string): void {
  const store = storage();
  if (!store) return;
  const prefix = `${DRAFT_KEY_PREFIX}${keyPrefix}`;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
