/**
 * `requireSameOriginLogin`: the worker's answer to issue 9, flaw 5b. A top-level navigation from
 * another site to the OP's authorize URL logs the user in silently when the worker holds a
 * session (the worker is one user agent, with no cookie a browser could withhold). With the option
 * set, the login step (the authorization and interaction endpoints) answers only navigations that
 * a page of the worker's own origin started, or the browser itself (a typed URL, a bookmark).
 *
 * A service worker does not see `Sec-Fetch-Site` (the browser adds it after the worker, on the way
 * to the network), so the initiator is told by the request's client: `FetchEvent.clientId` names
 * the page that started the navigation, and `clients.get()` finds it only when it is of this
 * origin. An empty `clientId` is a navigation the browser started (`Sec-Fetch-Site: none`).
 * @see https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header
 * @see https://w3c.github.io/ServiceWorker/#fetch-event-clientid
 */
import { messagePage } from '../pages/error-page.js'
import type { Server } from '../msw/server.js'

/** The endpoints that log a user in. */
const LOGIN_ENDPOINTS = ['authorization', 'interaction'] as const

/** Finds a client of the worker's origin by id (`clients.get`). */
export type SameOriginClient = (id: string) => Promise<unknown>

/** Whether `url` is the login step of `op`: its authorization or interaction endpoint. */
export function isLoginStep(op: Server, url: URL): boolean {
  return LOGIN_ENDPOINTS.some((name) => op.serverGet('endpoint', name)?.match(url) !== undefined)
}

/** Whether the page that started a request (`clientId`) is of the worker's origin, or the browser itself. */
export async function startedOnThisOrigin(clientId: string | undefined, findClient: SameOriginClient): Promise<boolean> {
  if (!clientId) return true
  return (await findClient(clientId)) !== undefined
}

/** The answer to a login step that another site started. */
export function crossSiteLoginRefused(): Response {
  return messagePage(
    'Login refused',
    'Another site sent you to this login, and this app asks the mock OP (requireSameOriginLogin) to log in only from its own pages. Start the login from the app.',
    403,
  )
}
