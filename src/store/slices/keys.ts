/** The OP's private signing keys (the crypto is `context/keyjar.ts`'s; this slice only keeps them). */
import type { OPState, PrivateJWK } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.keys`. */
export interface KeysSlice {
  /** Every key, oldest first. */
  list(): PrivateJWK[]
  /** Keys without a `kid` (configured without one). */
  unnamed(): PrivateJWK[]
  /** Adds keys; the newest of an algorithm signs. */
  add(keys: readonly PrivateJWK[]): void
  /**
   * Names keys that have no `kid` by their thumbprints; one key material configured for two
   * algorithms has one thumbprint, so a taken one gets the algorithm appended.
   */
  name(keys: readonly PrivateJWK[], thumbprints: readonly string[]): void
}

/** The keys slice. */
export function keysSlice({ store }: Pick<SliceDeps, 'store'>): KeysSlice {
  return {
    list: () => store.getState().keys,
    unnamed: () => store.getState().keys.filter((key) => !key.kid),
    add(keys) {
      mutate(store, (state) => {
        state.keys.push(...keys)
      })
    },
    name(keys, thumbprints) {
      mutate(store, (state: OPState) => {
        const taken = new Set(state.keys.map((key) => key.kid).filter(Boolean))
        keys.forEach((key, i) => {
          const kid = taken.has(thumbprints[i]!) ? `${thumbprints[i]}-${key.alg}` : thumbprints[i]!
          taken.add(kid)
          key.kid = kid
        })
      })
    },
  }
}
