/** DPoP nonces the OP provided, with their expiry (RFC 9449 §8). */
import { dropExpired, ownGet, ownSet } from '../own.js'
import type { OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.dpop_nonces`. */
export interface DPoPNoncesSlice {
  /**
   * The nonce to provide: the newest one while it has more than half its lifetime left, else a
   * new one. Older nonces stay valid until they expire.
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-8.2
   */
  provide(): string
  /** When a nonce the OP provided stops being accepted; undefined when it is unknown or expired. */
  expiry(nonce: string): number | undefined
}

/** The DPoP nonces slice. */
export function dpopNoncesSlice({ store, clock, settings, random, grew }: SliceDeps): DPoPNoncesSlice {
  return {
    provide() {
      const now = clock.now()
      const lifetime = settings.ttl.DPoPNonce
      let newest: [string, number] | undefined
      for (const entry of Object.entries(store.getState().dpop_nonces)) if (!newest || entry[1] > newest[1]) newest = entry
      if (newest && (newest[1] - now) * 2 > lifetime) return newest[0]
      const nonce = random.token()
      mutate(store, (state) => ownSet(state.dpop_nonces, nonce, now + lifetime))
      grew()
      return nonce
    },
    expiry(nonce) {
      const expires = ownGet(store.getState().dpop_nonces, nonce)
      return expires !== undefined && expires > clock.now() ? expires : undefined
    },
  }
}

/** Drops expired nonces (for the sweep). */
export function dropExpiredDPoPNonces(state: OPState, now: number): void {
  dropExpired(state.dpop_nonces, (until) => until, now)
}
