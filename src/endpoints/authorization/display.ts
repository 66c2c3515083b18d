/**
 * The `display` parameter (OIDC Core §3.1.2.1): how the OP shows its pages. Every value the spec
 * defines is accepted (the OP's pages are one plain layout that suits them all); others are
 * `invalid_request`, as for any malformed parameter.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
import { oauthError } from '../../errors/oauth-error.js'

/** `display_values_supported` (Discovery §3). */
export const DISPLAY_VALUES = ['page', 'popup', 'touch', 'wap'] as const

/** Refuses a `display` value Core does not define. */
export function checkDisplay(value: string | undefined): void {
  if (value !== undefined && !(DISPLAY_VALUES as readonly string[]).includes(value)) {
    throw oauthError('invalid_request', `display '${value}' is not supported (${DISPLAY_VALUES.join(', ')})`)
  }
}
