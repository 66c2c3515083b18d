/**
 * The Session State of OpenID Connect Session Management 1.0: a salted hash of the client, the
 * origin of its redirect URI and the OP browser state, which the `check_session_iframe` page
 * recomputes on every poll of the RP.
 *
 * The OP browser state is a hash of the `sid`s the user agent holds, so it changes when any of its
 * sessions ends (a logout, `op.endSession`, another tab) or begins (a login as another user).
 * @see https://openid.net/specs/openid-connect-session-1_0.html#CreatingUpdatingSessions
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPiframe
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { randomToken } from '../../internal/random.js'
import type { SessionsSlice } from '../../store/slices/sessions.js'
import type { LoginSession } from '../../store/state.js'

const encoder = new TextEncoder()

/** Lowercase hex of SHA-256: what the spec's example (`CryptoJS.SHA256(…)` as a string) gives, and the page's Web Crypto too. */
function sha256Hex(value: string): string {
  return bytesToHex(sha256(encoder.encode(value)))
}

/**
 * The OP browser state of a user agent holding `sessions`: a hash of their `sid`s, in a stable
 * order, the same for a user agent with no session at all.
 */
export function opBrowserState(sessions: readonly Pick<LoginSession, 'sid'>[]): string {
  return sha256Hex(['op-browser-state', ...sessions.map((s) => s.sid).sort()].join(' '))
}

/**
 * The origin the RP's `postMessage` comes from, as the OP knows it at authorization: the origin of
 * the redirect URI (RFC 6454 §4); `null` for a URI without one (a custom scheme).
 * @see https://www.rfc-editor.org/rfc/rfc6454#section-4
 */
export function redirectOrigin(redirectUri: string): string {
  try {
    return new URL(redirectUri).origin
  } catch {
    return 'null'
  }
}

/**
 * `session_state`: `hex(SHA-256(client_id + " " + origin + " " + browser state + " " + salt)) + "." + salt`,
 * as in the spec's example; a new random salt unless one is given. It has no space.
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPiframe
 */
export function sessionState(clientId: string, origin: string, browserState: string, salt: string = randomToken(12)): string {
  return `${sha256Hex(`${clientId} ${origin} ${browserState} ${salt}`)}.${salt}`
}

/**
 * The `session_state` of an authorization response to `request` for `session`: over the sessions
 * of the user agent that holds it, as they are once this response is sent.
 * @see https://openid.net/specs/openid-connect-session-1_0.html#CreatingUpdatingSessions
 */
export function sessionStateOf(sessions: Pick<SessionsSlice, 'ofAgent'>, request: { client_id: string; redirect_uri: string }, session: LoginSession): string {
  return sessionState(request.client_id, redirectOrigin(request.redirect_uri), opBrowserState(sessions.ofAgent(session.cookie)))
}
