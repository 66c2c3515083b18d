/**
 * Bounds on a client assertion's times, as oidc-provider sets them: an assertion is a one-time
 * credential, and its `jti` is remembered until its `exp` for replay detection, so an `exp` a
 * century ahead (or an `iat` in the future, to stretch it) is refused.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
import type { JWTPayload } from 'jose'
import { oauthError } from '../errors/oauth-error.js'

/** Seconds an assertion may live, from its `iat` (or from now without one). */
export const MAX_ASSERTION_LIFETIME = 3600

/** Seconds an `iat` may be ahead of the OP's clock (the skew `exp` is checked with too). */
export const ASSERTION_CLOCK_SKEW = 5

/** Throws `invalid_client` when `iat` is in the future or `exp` is too far after it. */
export function checkAssertionLifetime(payload: JWTPayload, now: number): void {
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + ASSERTION_CLOCK_SKEW)) {
    throw oauthError('invalid_client', 'client_assertion iat is in the future')
  }
  const from = typeof payload.iat === 'number' ? payload.iat : now
  if (typeof payload.exp !== 'number' || payload.exp - from > MAX_ASSERTION_LIFETIME) {
    throw oauthError('invalid_client', `client_assertion exp must be at most ${MAX_ASSERTION_LIFETIME} s after its iat`)
  }
}
