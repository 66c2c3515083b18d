/**
 * The cap on the records of one kind (the `limits` option): a write that would pass it is refused
 * with a clear error rather than letting junk requests grow the state without bound.
 */
import { oauthError } from '../errors/oauth-error.js'

const counted = new WeakMap<object, { revision: number; count: number }>()

/**
 * How many entries `record` holds, counted once per store revision: a flood of refused requests
 * (which write nothing) must not enumerate a full record each time.
 */
export function countRecords(record: object, revision: number): number {
  const seen = counted.get(record)
  if (seen?.revision === revision) return seen.count
  const count = Object.keys(record).length
  counted.set(record, { revision, count })
  return count
}

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
