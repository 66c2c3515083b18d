/**
 * The Playwright binding: the browser's requests for the issuer are routed (`route()` on a
 * `BrowserContext` or a `Page`) to an OP that runs in the test process, and its answers go back
 * as they are: status, every header (each `Set-Cookie` separately, so the browser stores real
 * cookies for the issuer's origin), and the body as bytes.
 *
 * Only the issuer's URLs are routed, matched in the browser by a regular expression: the app's own
 * requests never make the round trip to the test process.
 */
import type { BrowserContext, Page, Request as PlaywrightRequest, Route } from '@playwright/test'
import { issuerScope } from '../server/issuer-scope.js'
import type { Server } from '../server/server.js'
import { refreshToOwnPages } from './own-redirects.js'

/** The options of `route.fulfill()`: how the OP's answer goes back to the browser. */
export type Fulfilment = Parameters<Route['fulfill']>[0]

/** Removes the routes that {@link routeIssuer} added. */
export type Unroute = () => Promise<void>

/** Where {@link routeIssuer} installs its routes: a whole context (pages, popups, iframes) or one page. */
export type RouteTarget = Pick<BrowserContext, 'route' | 'unroute'> | Pick<Page, 'route' | 'unroute'>

/**
 * Routes every request for `op`'s issuer to `op.handle()`. Requests under the issuer answer from
 * the OP (an unknown path gets the OP's JSON 404); at the issuer origin's root only the URLs the OP
 * owns (`/.well-known/webfinger`, RFC 8414 metadata) are taken, the rest go on as before.
 *
 * @returns the function that removes the routes again.
 *
 * ```ts
 * const op = new Server({ issuer: 'https://login.example.test', sessionBinding: 'cookie', ... })
 * const unroute = await routeIssuer(context, op)
 * ```
 */
export async function routeIssuer(target: RouteTarget, op: Server): Promise<Unroute> {
  const patterns = issuerPatterns(op.issuer)
  const handler = (route: Route, request: PlaywrightRequest) => answer(op, route, request)
  for (const pattern of patterns) await target.route(pattern, handler)
  return async () => {
    try {
      for (const pattern of patterns) await target.unroute(pattern, handler)
    } catch (error) {
      // A context or page the test closed has no routes left to remove.
      if (!isGone(error)) throw error
    }
  }
}

/**
 * The URL patterns that reach the OP: everything under the issuer, and the `.well-known` folder at
 * the root of its origin (an issuer with a path publishes RFC 8414 metadata and WebFinger there).
 */
export function issuerPatterns(issuer: string): RegExp[] {
  return [...issuerScope(issuer).patterns]
}

async function answer(op: Server, route: Route, request: PlaywrightRequest): Promise<void> {
  const url = new URL(request.url())
  if (!op.serves(url)) return settle(() => route.fallback())
  let fulfilment: Parameters<Route['fulfill']>[0]
  try {
    const response = await op.handle(await toFetchRequest(request))
    // A network-error fault (op.failNext): the page's fetch rejects, as when the OP is unreachable.
    if (response.type === 'error') return await settle(() => route.abort('failed'))
    fulfilment = refuseCrossOriginReads(refreshToOwnPages(await toFulfilment(response), request, (target) => op.serves(target)), op.issuer)
  } catch (error) {
    // op.handle never throws by design; if it does, the page shows why instead of hanging.
    console.error('[msw-oidc-provider] the OP failed to answer', request.method(), request.url(), error)
    fulfilment = { status: 500, contentType: 'text/plain; charset=utf-8', body: `msw-oidc-provider: ${String(error)}` }
  }
  await settle(() => route.fulfill(fulfilment))
}

/** The browser's request as a Fetch API `Request`, cookies included (`allHeaders()` has them). */
export async function toFetchRequest(request: PlaywrightRequest): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(await request.allHeaders())) {
    // HTTP/2 pseudo-headers (`:authority`…) are no header names for `Headers`.
    if (!name.startsWith(':')) headers.set(name, value)
  }
  const method = request.method()
  const body = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer()
  return new Request(request.url(), { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) })
}

/**
 * A Fetch API `Response` as `route.fulfill()` options. Playwright takes one string per header, and
 * splits a `Set-Cookie` value on newlines into separate headers: several cookies are joined so.
 */
export async function toFulfilment(response: Response): Promise<Parameters<Route['fulfill']>[0]> {
  const headers: Record<string, string> = {}
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies.join('\n')
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  return { status: response.status, headers, ...(body ? { body } : {}) }
}

/**
 * An answer without CORS headers (the OP's user-facing pages: authorize, login, logout) made
 * explicitly unreadable from other origins. `route.fulfill` would otherwise add
 * `Access-Control-Allow-Origin: <the request's Origin>` with `Allow-Credentials: true` to it
 * (playwright-core's `_maybeAddCorsHeaders`, microsoft/playwright#12929), so that any site could
 * read a code or a `state` that the user's session cookie earned. Allowing only the issuer's own
 * origin, without credentials, is a refusal for every other origin.
 * @see https://fetch.spec.whatwg.org/#cors-check
 */
export function refuseCrossOriginReads(fulfilment: Fulfilment, issuer: string): Fulfilment {
  const headers = fulfilment?.headers ?? {}
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'access-control-allow-origin')) return fulfilment
  return { ...fulfilment, headers: { ...headers, 'access-control-allow-origin': new URL(issuer).origin } }
}

/**
 * Runs a route action, ignoring the errors of a request that is gone: a navigation that replaced
 * it, or a page or context closed while the OP was answering.
 */
async function settle(action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (error) {
    if (!isGone(error) && !(error instanceof Error && /already handled/i.test(error.message))) throw error
  }
}

/** Whether Playwright failed because the page, context or browser was closed. */
function isGone(error: unknown): boolean {
  return error instanceof Error && /Target .*closed|has been closed/i.test(error.message)
}
