/**
 * The MSW layer, kept thin: one `http.all` handler per endpoint URL, each handing the request to
 * `op.handle`, which finds the endpoint at request time (so replaced or disabled endpoints take
 * effect at once, and two endpoints on one URL answer as without msw), and a last handler for
 * everything else under the issuer (endpoints added later, and 404s that never reach the network).
 *
 * msw tries the handlers in order, parsing the request's URL and cookies for each: the code flow's
 * endpoints come first, so that its requests stop at the first handlers (issue 16).
 *
 * The patterns are RegExps: msw compiles a string pattern with path-to-regexp again on every
 * request, for every handler it tries before the one that matches, which cost about as much as
 * answering the request (bench/README.md); a RegExp it uses as it is.
 */
import { http, type HttpHandler } from 'msw'
import type { AnyEndpoint } from '../endpoints/endpoint.js'
import { issuerScope } from '../server/issuer-scope.js'
import type { Server } from '../server/server.js'

/** The endpoints whose handlers come first: the requests of a code flow. */
const FIRST = ['authorization', 'token', 'userinfo']

/** The msw handlers of `server`'s endpoint set as it is now, plus the catch-all of its issuer. */
export function createHandlers(server: Server): HttpHandler[] {
  const answer = ({ request }: { request: Request }): Promise<Response> => server.handle(request)
  const endpoints = [...server.serverGet('endpoints').values()]
  const first = (endpoint: AnyEndpoint): number => (FIRST.includes(endpoint.name) ? 0 : 1)
  // A stable sort: the others keep their order.
  const handlers = endpoints.sort((a, b) => first(a) - first(b)).map((endpoint) => http.all(urlRegExp(endpoint.urlPattern()), answer))
  // Everything under the issuer that no endpoint matched answers from the OP (a 404 included).
  for (const pattern of issuerScope(server.issuer).patterns) {
    handlers.push(http.all(pattern, ({ request }) => (server.serves(request.url) ? server.handle(request) : undefined)))
  }
  return handlers
}

/**
 * An msw URL pattern (`:name` segments, a trailing `*`) as a RegExp that matches what msw's string
 * pattern matched: any letter case, an optional trailing slash. The resolvers check the URL exactly.
 */
function urlRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:([A-Za-z_]+)/g, '([^/]+)')
    .replace(/\*/g, '.*')
  return new RegExp(`^${source}/?$`, 'i')
}
