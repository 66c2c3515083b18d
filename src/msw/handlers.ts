/**
 * The MSW layer, kept thin: one `http.all` handler per endpoint URL, each asking the server for
 * that endpoint by name at request time (so replaced or disabled endpoints take effect at once),
 * and a last handler for everything else under the issuer (endpoints added later, and 404s that
 * never reach the network).
 */
import { http, type HttpHandler } from 'msw'
import { joinUrl } from '../endpoints/endpoint.js'
import type { Server } from '../server/server.js'

export function createHandlers(server: Server): HttpHandler[] {
  const handlers: HttpHandler[] = []
  for (const [name, endpoint] of server.serverGet('endpoints')) {
    handlers.push(
      http.all(endpoint.urlPattern(), ({ request }) => {
        const current = server.serverGet('endpoint', name)
        return current?.match(new URL(request.url)) ? current.handle(request) : server.handle(request)
      }),
    )
  }
  handlers.push(http.all(joinUrl(server.issuer, '/*'), ({ request }) => server.handle(request)))
  return handlers
}
