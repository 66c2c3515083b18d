/**
 * The cap on the records of one kind (the `limits` option): a write that would pass it is refused
 * with a clear error rather than letting junk requests grow the state without bound.
 */
import { oauthError } from '../errors/oauth-error.js'

/**
 * Throws `invalid_request` (429 Too Many Requests) when `count` records are already kept.
 * @param what what the records are, for the message (`pending interactions`)
 * @param option the `limits` member that sets the cap
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 */
export function ensureRoom(count: number, cap: number, what: string, option: string): void {
  if (count >= cap) {
    throw oauthError('invalid_request', `the OP holds its limit of ${cap} ${what} (limits.${option}); try again later`, { status: 429 })
  }
}
