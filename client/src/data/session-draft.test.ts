/** Drafts survive a reload (the sign-in redirect) through sessionStorage, per user. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memorySessionStorage } from '../testing/memory-session-storage';
import { DRAFT_KEY_PREFIX, removeStoredDrafts, sessionDraft } from './session-draft';

const isString = (value: unknown): value is string => typeof value === 'string';
let storage: Storage;

beforeEach(() => {
  storage = memorySessionStorage();
  vi.stubGlobal('sessionStorage', storage);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sessionDraft', () => {
  it('writes through to sessionStorage under its prefixed key, and a new page reads it back', () => {
    expect(DRAFT_KEY_PREFIX).toBe('todos.draft.');
    const draft = sessionDraft('ann.new-todo', isString);
    expect(draft.get()).toBeUndefined();
    draft.set('Buy milk');
    expect(storage.getItem('todos.draft.ann.new-todo')).toBe('"Buy milk"');
    expect(sessionDraft('ann.new-todo', isString).get()).toBe('Buy milk');
    draft.set(undefined);
    expect(storage.getItem('todos.draft.ann.new-todo')).toBeNull();
  });

  it('ignores stored values that are not valid JSON or fail the check', () => {
    storage.setItem('todos.draft.broken', '{not json');
    storage.setItem('todos.draft.number', '42');
    expect(sessionDraft('broken', isString).get()).toBeUndefined();
    expect(sessionDraft('number', isString).get()).toBeUndefined();
  });

  it('tells subscribers about changes, not about setting the same value, and lets them go', () => {
    const draft = sessionDraft('k', isString);
    const listener = vi.fn();
    const unsubscribe = draft.subscribe(listener);
    draft.set('a');
    draft.set('a');
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    draft.set('b');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(draft.get()).toBe('b');
  });

  it('still works in memory when storage refuses (quota) or is missing', () => {
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const draft = sessionDraft('k', isString);
    draft.set('kept in memory');
    expect(draft.get()).toBe('kept in memory');
    vi.stubGlobal('sessionStorage', undefined);
    const memoryOnly = sessionDraft('k', isString);
    memoryOnly.set('x');
    expect(memoryOnly.get()).toBe('x');
    removeStoredDrafts('');
  });

  it('survives a browser that throws on touching sessionStorage at all', () => {
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get() {
        throw new Error('SecurityError');
      },
    });
    try {
      const draft = sessionDraft('k', isString);
      draft.set('x');
      expect(draft.get()).toBe('x');
    } finally {
      Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, value: storage, writable: true });
    }
  });
});

describe('removeStoredDrafts', () => {
  it("removes one user's drafts and keeps everything else", () => {
    sessionDraft('ann.new-todo', isString).set('a');
    sessionDraft('ann.edit', isString).set('b');
    sessionDraft('bob.new-todo', isString).set('c');
    storage.setItem('unrelated', 'd');
    removeStoredDrafts('ann.');
    expect([0, 1, 2].map((i) => storage.key(i)).sort()).toEqual(['todos.draft.bob.new-todo', 'unrelated', null].sort());
    expect(storage.length).toBe(2);
  });
});
