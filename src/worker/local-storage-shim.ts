/**
 * An in-memory `localStorage` for the service worker, which has none. msw creates its cookie store
 * when it is first imported and asserts that `localStorage` exists, so this module must be
 * evaluated before msw: the worker entries import it first.
 */
if (typeof (globalThis as { localStorage?: unknown }).localStorage === 'undefined') {
  const items = new Map<string, string>()
  const storage: Storage = {
    get length() {
      return items.size
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(String(key)) ?? null,
    setItem: (key, value) => void items.set(String(key), String(value)),
    removeItem: (key) => void items.delete(String(key)),
    clear: () => items.clear(),
  }
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true })
}

export {}
