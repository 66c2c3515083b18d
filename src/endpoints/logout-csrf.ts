/**
 * The logout confirmation page's defence against cross-site request forgery: its form carries a
 * single-use token bound to the login session, and a POST that answers it (`action`) must bring
 * that token back. A POST without one is accepted only when nothing shows it came from a page of
 * another site (no foreign `Origin`, no `Sec-Fetch-Site: cross-site`/`same-site`): clients that are
 * not browsers (test harnesses) cannot be forged into sending a request, and browsers always say.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 * @see https://www.w3.org/TR/fetch-metadata/
 */
import { oauthError } from '../errors/oauth-error.js'
import type { SessionsSlice } from '../store/slices/sessions.js'

/** The name of the hidden form field that carries the token. */
export const LOGOUT_CSRF_FIELD = 'csrf'

/** Whether the request says it was sent by a page of another origin. */
export function fromAnotherOrigin(request: Request, issuer: string): boolean {
  const site = request.headers.get('sec-fetch-site')
  if (site !== null && site !== 'same-origin' && site !== 'none') return true
  const origin = request.headers.get('origin')
  return origin !== null && origin !== new URL(issuer).origin
}

/**
 * Throws `access_denied` (403) unless the confirmation POST of session `sid` carries its token, or
 * carries none and came from no other origin. A given token is spent, right or wrong.
 */
export function checkLogoutCsrf(sessions: SessionsSlice, sid: string, token: string | undefined, request: Request, issuer: string): void {
  const ok = token !== undefined ? sessions.spendLogoutToken(sid, token) : !fromAnotherOrigin(request, issuer)
  if (!ok) throw oauthError('access_denied', 'the logout confirmation must be sent from the OP\'s own page (CSRF token missing or wrong)', { status: 403 })
}
