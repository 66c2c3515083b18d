/**
 * Redirects from one of the OP's pages to another, for navigations (`/authorize` → the login page,
 * the login page → `/authorize`...).
 *
 * Chromium does not pause the request that follows a redirect `route.fulfill()` answered: it goes
 * to the network, where the issuer's made-up host (`login.example.test`) does not resolve
 * (`net::ERR_NAME_NOT_RESOLVED`); the frame shows an error page and retries about a second later.
 * A redirect to the OP itself is therefore answered as a page that refreshes at once to the same
 * URL (`Refresh: 0;url=...`): the browser then makes a new request, which the route does see.
 * A zero-second refresh replaces the history entry as a redirect does, and the page keeps every other
 * header of the answer (its `Set-Cookie` included).
 * @see https://html.spec.whatwg.org/multipage/browsing-the-web.html#shared-declarative-refresh-steps
 */
import type { Request as PlaywrightRequest, Route } from '@playwright/test'

/** The options of `route.fulfill()` (route.ts names them `Fulfilment` too; declared here to keep imports one way). */
type Fulfilment = Parameters<Route['fulfill']>[0]

/** The redirect statuses whose next request is a GET, as a refresh's is (307 and 308 keep the method). */
const REDIRECTS_TO_GET = new Set([301, 302, 303])

/**
 * `fulfilment`, or, for a navigation redirected to a URL that `serves` accepts, the same answer as a
 * `200` page that refreshes to that URL at once.
 */
export function refreshToOwnPages(fulfilment: Fulfilment, request: PlaywrightRequest, serves: (url: URL) => boolean): Fulfilment {
  if (!fulfilment?.status || !REDIRECTS_TO_GET.has(fulfilment.status) || !request.isNavigationRequest()) return fulfilment
  const headers = { ...fulfilment.headers }
  const locationName = Object.keys(headers).find((name) => name.toLowerCase() === 'location')
  if (!locationName) return fulfilment
  const target = URL.parse(headers[locationName]!, request.url())
  if (!target || !serves(target)) return fulfilment
  delete headers[locationName]
  for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name]
  const href = target.href.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return {
    status: 200,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8', refresh: `0;url=${target.href}` },
    body: `<!doctype html><meta charset="utf-8"><title>Redirecting</title><a href="${href}">Continue</a>`,
  }
}
