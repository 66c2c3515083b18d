/**
 * CIBA authentication requests, keyed by the SHA-256 of their `auth_req_id`.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3
 */
import { ownGet } from '../own.js'
import type { BackchannelRequestRecord, OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'
import { dropExpiredPending, pendingAuthorizations, type PendingAuthorizationsActions } from './pending-authorizations.js'

/** What a new authentication request holds, before the OP adds its status. */
export type NewBackchannelRequest = Omit<BackchannelRequestRecord, 'status' | 'expires_at' | 'last_poll_at' | 'auth_time'> & { expires_in: number }

/** Actions and queries on `state.backchannel_requests`. */
export interface BackchannelRequestsSlice extends PendingAuthorizationsActions<BackchannelRequestRecord> {
  /** Stores a request; returns its `auth_req_id` (high entropy, CIBA Core §7.3). */
  start(input: NewBackchannelRequest): string
  /** Notes a failed ping callback on the request, for whoever inspects the state. */
  notePingError(key: string, problem: string): void
}

/** The backchannel requests slice. */
export function backchannelRequestsSlice(deps: SliceDeps): BackchannelRequestsSlice {
  const { store, clock, random } = deps
  const pending = pendingAuthorizations(deps, (state) => state.backchannel_requests)
  return {
    ...pending,
    start({ expires_in, ...request }) {
      const authReqId = random.token()
      pending.add(authReqId, { ...request, status: 'pending', expires_at: clock.now() + expires_in })
      return authReqId
    },
    notePingError(key, problem) {
      mutate(store, (state) => {
        const record = ownGet(state.backchannel_requests, key)
        if (record) record.ping_error = problem
      })
    },
  }
}

/** Drops long-expired requests (for the sweep). */
export function dropExpiredBackchannelRequests(state: OPState, now: number): void {
  dropExpiredPending(state.backchannel_requests, now)
}
