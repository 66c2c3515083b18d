/**
 * The one place where results and errors become HTTP responses. CORS headers are added to the
 * answers of the API endpoints, errors included, so that browser RPs on another origin can read
 * them; never with credentials, and never on the pages a user's browser is sent to (see
 * docs/security.md).
 */
import type { OAuthError } from '../errors/oauth-error.js'
import { quotedStringContent } from './header-value.js'

/** RFC 6749 §5.1: token responses (and anything carrying secrets) must not be cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

/** The status and extra headers of a response. */
export interface ResponseOptions {
  status?: number
  headers?: Record<string, string>
}

/** Options of an HTML page response. */
export interface HtmlOptions extends ResponseOptions {
  /** Whether the page may be shown in a frame (the form_post page must be, for silent renew). */
  framable?: boolean
}

/** A JSON response. */
export function json(body: unknown, { status = 200, headers = {} }: ResponseOptions = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

/** An error as the JSON body of RFC 6749 §5.2. */
export function jsonError(error: OAuthError): Response {
  return json(error.toJSON(), { status: error.status, headers: { ...NO_STORE, ...error.headers } })
}

/**
 * An error from a resource protected by a Bearer token (RFC 6750 §3): the code goes into
 * `WWW-Authenticate`; a request without any token gets no error code (§3.1).
 */
export function bearerError(error: OAuthError | undefined, realm: string): Response {
  return challenge(error, `Bearer ${[`realm="${quote(realm)}"`, ...errorParams(error)].join(', ')}`)
}

/**
 * The parameters of a protected resource's `WWW-Authenticate` challenge.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export interface ResourceChallenge {
  realm: string
  /** The `algs` of the DPoP challenge: the algorithms DPoP proofs may use. */
  algs: readonly string[]
  /** The scheme the request used; undefined when it sent no token, or it is unclear. */
  scheme?: 'Bearer' | 'DPoP'
}

/**
 * An error from a resource that takes Bearer (RFC 6750 §3) and DPoP (RFC 9449 §7.1) tokens: one
 * challenge per scheme, the error in that of the scheme the request used (both when that is
 * unclear, none when it sent no token), the scheme used first (RFC 9449 §7.2).
 */
export function resourceError(error: OAuthError | undefined, { realm, algs, scheme }: ResourceChallenge): Response {
  const bearer = `Bearer ${[`realm="${quote(realm)}"`, ...(scheme !== 'DPoP' ? errorParams(error) : [])].join(', ')}`
  const dpop = `DPoP ${[...(scheme !== 'Bearer' ? errorParams(error) : []), `algs="${algs.join(' ')}"`].join(', ')}`
  return challenge(error, scheme === 'DPoP' ? `${dpop}, ${bearer}` : `${bearer}, ${dpop}`)
}

function errorParams(error: OAuthError | undefined): string[] {
  return error ? [`error="${quote(error.error)}"`, `error_description="${quote(error.error_description)}"`] : []
}

function challenge(error: OAuthError | undefined, wwwAuthenticate: string): Response {
  const status = error?.status ?? 401
  const headers = { ...NO_STORE, ...error?.headers, 'www-authenticate': wwwAuthenticate }
  return error ? json(error.toJSON(), { status, headers }) : new Response(null, { status, headers })
}

/** A redirect that is never cached. */
export function redirect(location: string, status = 302, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { location, ...NO_STORE, ...headers } })
}

/** An HTML page. Pages never cache, and may run only their own inline script. */
export function html(body: string, { status = 200, headers = {}, framable = false }: HtmlOptions = {}): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...NO_STORE,
      ...(framable ? {} : { 'x-frame-options': 'DENY' }),
      'referrer-policy': 'no-referrer',
      ...headers,
    },
  })
}

function quote(value: string): string {
  return quotedStringContent(value)
}

const EXPOSED = 'WWW-Authenticate, Location, DPoP-Nonce'

/**
 * Who may read an endpoint's answers from another origin:
 * - `public`: any origin, without credentials (the API endpoints an RP calls with a token or its
 *   own client credentials: token, UserInfo, introspection, revocation, registration, discovery,
 *   JWKS). Cookies never make such a read work: `Access-Control-Allow-Credentials` is not sent.
 * - `none`: no origin but the OP's own (the user-facing endpoints, which act on the user's session
 *   cookie: authorization, interaction, logout). A page on another site must not read a code, a
 *   token or a `state` that the user's session earned.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export type CorsPolicy = 'public' | 'none'

/**
 * Adds the CORS headers of `policy`: for `public`, the request's Origin is echoed (`*` without
 * one) and headers the RP needs are exposed; credentials are never allowed. `none` adds nothing.
 */
export function withCors(response: Response, request: Request, policy: CorsPolicy = 'public'): Response {
  if (policy === 'none') return response
  const origin = request.headers.get('origin')
  const headers = response.headers
  try {
    if (origin) {
      headers.set('access-control-allow-origin', origin)
      headers.append('vary', 'Origin')
    } else {
      headers.set('access-control-allow-origin', '*')
    }
    headers.set('access-control-expose-headers', EXPOSED)
    return response
  } catch {
    // Immutable headers (Response.redirect): copy into a response we own.
    return withCors(new Response(response.body, response), request, policy)
  }
}

/** The answer to a CORS preflight: for a `none` endpoint, a 204 that allows nothing. */
export function preflight(request: Request, methods: readonly string[], policy: CorsPolicy = 'public'): Response {
  if (policy === 'none') return new Response(null, { status: 204 })
  const requested = request.headers.get('access-control-request-headers')
  const response = new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
      'access-control-allow-headers': requested ?? 'Authorization, Content-Type, DPoP',
      'access-control-max-age': '600',
    },
  })
  return withCors(response, request)
}
