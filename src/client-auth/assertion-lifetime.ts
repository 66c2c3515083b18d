/**
 * Bounds on a client assertion's times, as oidc-provider sets them: an assertion is a one-time
 * credential, and its `jti` is remembered until its `exp` for replay detection, so an `exp` a
 * century ahead (or an `iat` in the future, to stretch it) is refused.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
import type { JWTPayload } from 'jose'
import type { ResolvedConfiguration } from '../config/options.js'
import { oauthError } from '../errors/oauth-error.js'

/** Seconds an assertion may live, from its `iat` (or from now without one). */
export const MAX_ASSERTION_LIFETIME = 3600

/** Seconds an `iat` may be ahead of the OP's clock (the skew `exp` is checked with too). */
export const ASSERTION_CLOCK_SKEW = 5

/**
 * The skew under the FAPI 2.0 profile: an `iat` or `nbf` up to 10 s ahead is accepted, one further
 * ahead refused (§5.3.2.1 only asks to refuse from 60 s on; this OP is stricter, to catch RPs whose
 * clocks run ahead).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 */
export const FAPI2_ASSERTION_CLOCK_SKEW = 10

/** Seconds an assertion's `iat`, `nbf` (and `exp`) may be off the OP's clock, for this configuration. */
export function assertionClockSkew(config: Pick<ResolvedConfiguration, 'profile'>): number {
  return config.profile !== undefined ? FAPI2_ASSERTION_CLOCK_SKEW : ASSERTION_CLOCK_SKEW
}

/** Throws `invalid_client` when `iat` is in the future (beyond `skew`) or `exp` is too far after it. */
export function checkAssertionLifetime(payload: JWTPayload, now: number, skew = ASSERTION_CLOCK_SKEW): void {
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + skew)) {
    throw oauthError('invalid_client', 'client_assertion iat is in the future')
  }
  const from = typeof payload.iat === 'number' ? payload.iat : now
  if (typeof payload.exp !== 'number' || payload.exp - from > MAX_ASSERTION_LIFETIME) {
    throw oauthError('invalid_client', `client_assertion exp must be at most ${MAX_ASSERTION_LIFETIME} s after its iat`)
  }
}
