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
import { joinUrl } from '../endpoints/endpoint.js'
import type { Server } from '../server/server.js'

export function createHandlers(server: Server): HttpHandler[] {
  const handlers: HttpHandler[] = []
  for (const [name, endpoint] of server.serverGet('endpoints')) {
    handlers.push(
      http.all(urlRegExp(endpoint.urlPattern()), ({ request }) => {
        const current = server.serverGet('endpoint', name)
        return current?.match(new URL(request.url)) ? current.handle(request) : server.handle(request)
      }),
    )
  }
  handlers.push(http.all(urlRegExp(joinUrl(server.issuer, '/*')), ({ request }) => server.handle(request)))
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
