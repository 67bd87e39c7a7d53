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
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent — without sessionStorage both branches give undefined.
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
    // Stryker disable next-line BlockStatement: equivalent — an empty catch also returns undefined.
  } catch {
    return undefined; // storage disabled: drafts live in memory only
  }
}

export function sessionDraft<T>(key: string, isValid: (value: unknown) => value is T): SessionDraft<T> {
  const fullKey = `${DRAFT_KEY_PREFIX}${key}`;
  let value: T | undefined;
  try {
    // Stryker disable next-line OptionalChaining: equivalent — without storage the TypeError is caught below, leaving no draft.
    const stored = storage()?.getItem(fullKey);
    const parsed: unknown = stored ? JSON.parse(stored) : undefined;
    value = isValid(parsed) ? parsed : undefined;
    // Stryker disable next-line BlockStatement: equivalent — `value` is still undefined when reading throws.
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
        // Stryker disable next-line OptionalChaining: equivalent — without storage the TypeError is caught below.
        if (next === undefined) storage()?.removeItem(fullKey);
        // Stryker disable next-line OptionalChaining: equivalent — as above.
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
  // Stryker disable next-line ArrayDeclaration: equivalent — a placeholder key that no draft has is removed to no effect.
  const keys: string[] = [];
  // Stryker disable next-line EqualityOperator: equivalent — key(length) is null, which is skipped.
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    // Stryker disable next-line OptionalChaining: equivalent — key(i) below length is never null.
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

/** Removes every stored draft except those whose key starts with `keyPrefix` (another account signed in). */
export function removeStoredDraftsExcept(keyPrefix: string): void {
  const store = storage();
  if (!store) return;
  const keep = `${DRAFT_KEY_PREFIX}${keyPrefix}`;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(DRAFT_KEY_PREFIX) && !key.startsWith(keep)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
