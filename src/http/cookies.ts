/** The OP's session cookie: reading it from a request, and the `Set-Cookie` that sets or clears it. */

/**
 * The name of the cookie that carries the login session's cookie value (cookie binding only): a
 * random value of its own, never the `sid` that ID tokens and JWT access tokens show every RP.
 */
const SESSION_COOKIE = 'op_session'

/** What the session cookie is built from: the issuer (its scheme and path), the binding, and the clock. */
export interface SessionCookieContext {
  config: { issuer: string; sessionBinding: 'agent' | 'cookie' }
  clock: { now(): number }
}

/** What the cookie needs of a login session (a `LoginSession` of the store has it). */
export interface CookieSession {
  /** The session's own random cookie value. */
  cookie?: string
  /** Seconds since the epoch. */
  expires_at: number
}

/** One cookie's value from the request's `Cookie` header. */
function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined
  }
  return undefined
}

/** The value of the request's session cookie, if any: the sessions slice finds the session by it. */
export function sessionCookieValue(request: Request): string | undefined {
  return readCookie(request, SESSION_COOKIE)
}

/**
 * The `Set-Cookie` value that binds a browser to `session`, or clears the binding when there is
 * none; undefined with agent binding (a worker's responses cannot set cookies).
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1
 */
export function sessionCookie({ config, clock }: SessionCookieContext, session: CookieSession | undefined): string | undefined {
  if (config.sessionBinding !== 'cookie') return undefined
  const issuer = new URL(config.issuer)
  const secure = issuer.protocol === 'https:'
  const path = issuer.pathname.replace(/\/$/, '') || '/'
  const attributes = [`Path=${path}`, 'HttpOnly', secure ? 'Secure; SameSite=None' : 'SameSite=Lax']
  if (!session?.cookie) return `${SESSION_COOKIE}=; Max-Age=0; ${attributes.join('; ')}`
  return `${SESSION_COOKIE}=${session.cookie}; Max-Age=${session.expires_at - clock.now()}; ${attributes.join('; ')}`
}
