/** A store and its slices over a clock the test moves, for the slices' unit tests. */
import { createStateApi, type OPStateApi } from '../../src/store/slices/index.js'
import { createOPStore, type OPStore } from '../../src/store/store.js'
import { DEFAULT_LIMITS } from '../../src/config/limits.js'

/** A state API with a settable clock and predictable ids. */
export interface Harness extends OPStateApi {
  store: OPStore
  /** Seconds since the epoch, as the slices see them. */
  clock: { now(): number; advance(seconds: number): void }
}

/** Builds a fresh store with its slices; hashing is identity-prefixed so tests can name keys. */
export function harness(sessionBinding: 'agent' | 'cookie' = 'agent'): Harness {
  const store = createOPStore()
  let now = 1_000_000
  let next = 0
  const clock = { now: () => now, advance: (seconds: number) => void (now += seconds) }
  const ttl = { Session: 3600, Interaction: 600, AuthorizationCode: 60, PushedAuthorizationRequest: 60, DPoPNonce: 300 }
  const api = createStateApi({
    store,
    clock,
    settings: { sessionBinding, ttl, limits: DEFAULT_LIMITS },
    random: { id: () => `id${++next}`, token: () => `token${++next}` },
    hash: (value) => `h:${value}`,
  })
  return { ...api, store, clock }
}
