/**
 * The actions shared by the authorizations a client polls for (device codes, CIBA requests): the
 * poll with its `slow_down` rule, the user's decision, and single-use redemption.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.11
 */
import { dropExpired, ownDelete, ownGet, ownSet } from '../own.js'
import type { OPState, PendingAuthorization } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Expired records are kept this long, so that a late poll hears `expired_token` rather than `invalid_grant`. */
export const EXPIRED_GRACE = 600

/** What a poll finds: whether the client polled faster than the interval (which then grows by 5 s). */
export type PollPace = 'ok' | 'slow_down'

/** The user's answer: approved as `sub`, or denied. */
export type PendingDecision = { approve: true; sub: string } | { approve: false }

/** Actions and queries on one record of pending authorizations, keyed by the hash of their handle. */
export interface PendingAuthorizationsActions<R extends PendingAuthorization> {
  /** Stores a record under the hash of `handle`; returns the key. */
  add(handle: string, record: R): string
  /** The record of a handle (expired included, until swept), and its key. */
  find(handle: string): { key: string; record: R } | undefined
  /** Records a poll; `slow_down` when it came sooner than the interval after the last one. */
  poll(key: string): PollPace
  /** Records the user's decision; false when the record is unknown, expired or decided already. */
  decide(key: string, decision: PendingDecision): boolean
  /** Removes an approved record for good (single use); false when another request took it first. */
  take(key: string): boolean
}

/** The actions over `pick(state)`. */
export function pendingAuthorizations<R extends PendingAuthorization>(
  { store, clock, hash, grew }: SliceDeps,
  pick: (state: OPState) => Record<string, R>,
): PendingAuthorizationsActions<R> {
  return {
    add(handle, record) {
      const key = hash(handle)
      mutate(store, (state) => ownSet(pick(state), key, record))
      grew()
      return key
    },
    find(handle) {
      const key = hash(handle)
      const record = ownGet(pick(store.getState()), key)
      return record ? { key, record } : undefined
    },
    poll(key) {
      const now = clock.now()
      return mutate(store, (state) => {
        const record = ownGet(pick(state), key)
        if (!record) return 'ok'
        const early = record.last_poll_at !== undefined && now - record.last_poll_at < record.interval
        record.last_poll_at = now
        if (!early) return 'ok'
        record.interval += 5
        return 'slow_down'
      })
    },
    decide(key, decision) {
      const now = clock.now()
      return mutate(store, (state) => {
        const record = ownGet(pick(state), key)
        if (!record || record.status !== 'pending' || record.expires_at <= now) return false
        if (decision.approve) Object.assign(record, { status: 'approved', sub: decision.sub, auth_time: now })
        else record.status = 'denied'
        return true
      })
    },
    take(key) {
      return mutate(store, (state) => {
        if (ownGet(pick(state), key)?.status !== 'approved') return false
        ownDelete(pick(state), key)
        return true
      })
    },
  }
}

/** Drops the records of `pick(state)` expired for longer than {@link EXPIRED_GRACE} (for the sweep). */
export function dropExpiredPending(records: Record<string, PendingAuthorization>, now: number): void {
  dropExpired(records, (record) => record.expires_at + EXPIRED_GRACE, now)
}
