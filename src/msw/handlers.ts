/**
 * The MSW layer, kept thin: one `http.all` handler per endpoint URL, each asking the server for
 * that endpoint by name at request time (so replaced or disabled endpoints take effect at once),
 * and a last handler for everything else under the issuer (endpoints added later, and 404s that
 * never reach the network).
 *
 * The patterns are RegExps: msw compiles a string pattern with path-to-regexp again on every
 * request, for every handler it tries before the one that matches, which cost about as much as
 * answering the request (bench/README.md); a RegExp it uses as it is.
 */
import { http, type HttpHandler } from 'msw'
import type { AnyEndpoint } from '../endpoints/endpoint.js'
import { issuerScope } from '../server/issuer-scope.js'
import type { Server } from '../server/server.js'

/** Answers a request with one endpoint through the server, so that the event log sees it. */
export type Dispatch = (endpoint: AnyEndpoint, request: Request) => Promise<Response>

/** The msw handlers of `server`'s endpoint set as it is now, plus the catch-all of its issuer. */
export function createHandlers(server: Server, dispatch: Dispatch): HttpHandler[] {
  const handlers: HttpHandler[] = []
  for (const [name, endpoint] of server.serverGet('endpoints')) {
    handlers.push(
      http.all(urlRegExp(endpoint.urlPattern()), ({ request }) => {
        const current = server.serverGet('endpoint', name)
        return current?.match(new URL(request.url)) ? dispatch(current, request) : server.handle(request)
      }),
    )
  }
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
