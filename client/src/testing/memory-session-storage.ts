/**
 * Test helper: an in-memory `Storage` with sessionStorage's interface, for the data
 * layer's unit tests, which run in Node (the browser tests use the real one).
 */
export function memorySessionStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    // As the real one: whatever is given is stored as a string ("undefined" included).
    setItem: (key, value: unknown) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}
