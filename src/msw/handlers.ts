/**
 * The MSW layer, kept thin: one `http.all` handler for the whole issuer, handing each request it
 * claims to `op.handle`, which finds the endpoint at request time (so replaced or disabled
 * endpoints take effect at once, and two endpoints on one URL answer as without msw).
 *
 * It claims what one handler per endpoint URL and an issuer-wide catch-all after them used to
 * (docs/node.md): every endpoint URL as msw matched it (any letter case, an optional trailing
 * slash), and everything under the issuer, where the OP answers what no endpoint serves with a 404.
 * One handler rather than one per endpoint because msw, for every handler it tries, parses the
 * request's URL and cookies (through its cookie store) and matches the pattern: with nineteen,
 * every request of the app's own handlers placed after the OP's paid for nineteen tries, and a
 * request to a late endpoint for a dozen (bench/README.md, "Throughput, issue 16 item 1").
 */
import { http, type HttpHandler } from 'msw'
import type { Server } from '../server/server.js'

/** The msw handlers of `server`'s endpoint set as it is now: one, for its issuer. */
export function createHandlers(server: Server): HttpHandler[] {
  const endpointUrls = [...server.serverGet('endpoints').values()].map((endpoint) => urlRegExp(endpoint.urlPattern()))
  // One decision per request: what the OP serves (under the issuer, its endpoints' exact URLs) and
  // any endpoint URL as msw matched it. Anything else (another path's well-known URL) is not claimed,
  // so it falls through to the handlers after this one, as before.
  const claims = ({ request }: { request: Request }): boolean => {
    if (server.serves(request.url)) return true
    const clean = cleanUrl(request.url)
    return endpointUrls.some((pattern) => pattern.test(clean))
  }
  return [http.all(claims, ({ request }) => server.handle(request))]
}

/** The URL without query and fragment, as msw matches a pattern against it (origin and path). */
function cleanUrl(href: string): string {
  const url = new URL(href)
  return url.origin + url.pathname
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
