/** Replay records: client-assertion `jti`s (RFC 7523 §3) and used DPoP proofs (RFC 9449 §11.1). */
import { dropExpired, ownGet, ownSet } from '../own.js'
import type { OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

type ReplayRecord = 'assertion_jtis' | 'dpop_jtis'

/** Actions and queries on `state.assertion_jtis` and `state.dpop_jtis`. */
export interface ReplaySlice {
  /** Records a client-assertion `jti` until `exp`; false when it was seen before (a replay). */
  rememberAssertion(clientId: string, jti: string, exp: number): boolean
  /**
   * Whether a DPoP proof with this `jti` was used and would still be accepted: a replay.
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
   */
  dpopProofUsed(jti: string): boolean
  /**
   * Records a DPoP proof as used until `until`, the end of the time it would be accepted; false
   * when it already was. Synchronous: of two requests with one proof, only one gets through.
   */
  spendDPoPProof(jti: string, until: number): boolean
  /** Whether a client's request object with this `jti` was used before (RFC 9101 §10.2: one-time use). */
  requestObjectUsed(clientId: string, jti: string): boolean
  /** Records a request object's `jti` as used until `until` (hashed, beside the assertions' jtis); false when it already was. */
  spendRequestObject(clientId: string, jti: string, until: number): boolean
}

/** The replay slice. */
export function replaySlice({ store, clock, hash, grew }: SliceDeps): ReplaySlice {
  const seen = (record: ReplayRecord, key: string): boolean => {
    const until = ownGet(store.getState()[record], key)
    return until !== undefined && until > clock.now()
  }
  const remember = (record: ReplayRecord, key: string, until: number): boolean => {
    if (seen(record, key)) return false
    mutate(store, (state) => ownSet(state[record], key, until))
    grew()
    return true
  }
  return {
    rememberAssertion: (clientId, jti, exp) => remember('assertion_jtis', `${clientId}:${jti}`, exp),
    dpopProofUsed: (jti) => seen('dpop_jtis', hash(jti)),
    spendDPoPProof: (jti, until) => remember('dpop_jtis', hash(jti), until),
    requestObjectUsed: (clientId, jti) => seen('assertion_jtis', hash(`request-object ${clientId} ${jti}`)),
    spendRequestObject: (clientId, jti, until) => remember('assertion_jtis', hash(`request-object ${clientId} ${jti}`), until),
  }
}

/** Drops replay records past their time (for the sweep). */
export function dropExpiredReplays(state: OPState, now: number): void {
  dropExpired(state.assertion_jtis, (until) => until, now)
  dropExpired(state.dpop_jtis, (until) => until, now)
}
