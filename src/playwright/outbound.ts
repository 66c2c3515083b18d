/**
 * The OP's requests out (back-channel logout) in the Playwright fixture: they go through the
 * routes the test added to its browser context (`context.route(url, handler)`), as the browser's
 * requests do, so a test receives a logout token where it mocks the RP. A request no route takes,
 * or one a route continues, goes to the network through the test process's `fetch`.
 *
 * The handler gets a stand-in for Playwright's `Route` with the calls a mock makes: `request()`,
 * `fulfill()`, `fallback()`, `continue()`, `abort()`.
 */
import type { BrowserContext, Route } from '@playwright/test'

type RouteUrl = Parameters<BrowserContext['route']>[0]
type RouteHandler = Parameters<BrowserContext['route']>[1]

/** A route the test added: what it matches, and its handler. */
interface RecordedRoute {
  url: RouteUrl
  handler: RouteHandler
}

/** The routes of a context, recorded as the test adds and removes them. */
export interface RecordedRoutes {
  /** Answers `request` by the newest route that matches it, else by the network. */
  fetch(request: Request): Promise<Response>
  /** Stops recording (the context's own `route` and `unroute` again). */
  stop(): void
}

/** Records the routes that are added to `context` from now on. */
export function recordRoutes(context: BrowserContext): RecordedRoutes {
  const routes: RecordedRoute[] = []
  const { route, unroute } = context
  context.route = async (url, handler, options) => {
    routes.push({ url, handler })
    return route.call(context, url, handler, options)
  }
  context.unroute = async (url, handler) => {
    for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.url === url && (!handler || routes[i]!.handler === handler)) routes.splice(i, 1)
    return unroute.call(context, url, handler)
  }
  return {
    fetch: (request) => answerFrom([...routes].reverse(), request),
    stop() {
      context.route = route
      context.unroute = unroute
    },
  }
}

/** The first of `routes` (newest first) that takes `request` answers; `fallback()` tries the next. */
async function answerFrom(routes: readonly RecordedRoute[], request: Request): Promise<Response> {
  const index = routes.findIndex((route) => urlMatches(route.url, request.url))
  if (index < 0) return fetch(request)
  const body = request.method === 'GET' || request.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await request.clone().arrayBuffer())
  return new Promise<Response>((resolve, reject) => {
    const playwrightRequest = {
      url: () => request.url,
      method: () => request.method,
      headers: () => Object.fromEntries(request.headers),
      allHeaders: async () => Object.fromEntries(request.headers),
      postData: () => body.toString('utf8'),
      postDataBuffer: () => body,
      isNavigationRequest: () => false,
      resourceType: () => 'fetch',
    }
    const standIn = {
      request: () => playwrightRequest,
      fulfill: async (options: Parameters<Route['fulfill']>[0] = {}) => {
        const payload = options.json !== undefined ? JSON.stringify(options.json) : options.body
        const headers = new Headers(options.headers)
        if (options.contentType) headers.set('content-type', options.contentType)
        else if (options.json !== undefined) headers.set('content-type', 'application/json')
        resolve(new Response(payload === undefined ? null : typeof payload === 'string' ? payload : new Uint8Array(payload), { status: options.status ?? 200, headers }))
      },
      fallback: async () => resolve(answerFrom(routes.slice(index + 1), request)),
      continue: async () => resolve(fetch(request)),
      abort: async (code?: string) => reject(new TypeError(`the route aborted the request (${code ?? 'failed'})`)),
    }
    // The stand-in has what a mock calls; Playwright's Route has more that no delivery needs.
    Promise.resolve(routes[index]!.handler(standIn as unknown as Route, playwrightRequest as never)).catch(reject)
  })
}

/** Whether a route's `url` (a glob, a RegExp or a predicate, as Playwright takes them) matches `href`. */
export function urlMatches(url: RouteUrl, href: string): boolean {
  if (typeof url === 'function') return url(new URL(href))
  if (url instanceof RegExp) return url.test(href)
  return globToRegExp(url).test(href)
}

/** Playwright's URL globs: `**` any characters, `*` any but `/`, `{a,b}` either. */
function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*'
      i++
    } else if (c === '*') source += '[^/]*'
    else if (c === '{') source += '('
    else if (c === '}') source += ')'
    else if (c === ',') source += '|'
    else source += /[.+?^$()|[\]\\/]/.test(c) ? `\\${c}` : c
  }
  return new RegExp(`^${source}$`)
}
