/**
 * Stands in for `tough-cookie` in the ready-made worker (about a sixth of its size). msw keeps a
 * cookie jar to emulate cookies for mocked responses; the OP sets none in a worker (its session is
 * worker state, `sessionBinding: 'agent'`), so the jar stays empty. Worker entries of your own,
 * bundled by the Vite plugin, keep the real one for their handlers.
 */
export class MemoryCookieStore {
  idx: Record<string, unknown> = {}
}

/** A cookie jar that stores nothing: msw's cookie handling has no use in the worker. */
export class CookieJar {
  constructor(_store?: MemoryCookieStore) {}

  getCookiesSync(_url: string): never[] {
    return []
  }

  async setCookie(_cookie: string, _url: string): Promise<undefined> {
    return undefined
  }
}

/** A cookie that parses to nothing. */
export class Cookie {
  static fromJSON(_json: unknown): null {
    return null
  }
}
