/** What every slice is built with: the store, and the few services of the layers above it, injected. */
import type { ScopeInterner } from '../compact.js'
import type { OPStore } from '../store.js'

/** The lifetimes and settings the slices apply (a subset of the resolved configuration). */
export interface StateSettings {
  /** Where the user agent's session lives: worker/Node state (`agent`) or a cookie. */
  sessionBinding: 'agent' | 'cookie'
  /** Lifetimes, in seconds. */
  ttl: { Session: number; Interaction: number; AuthorizationCode: number; PushedAuthorizationRequest: number; DPoPNonce: number }
  /** How many records of a kind the state keeps at most (the `limits` option). */
  limits: { interactions: number; pushedRequests: number; sessions: number; registeredClients: number }
}

/** The dependencies of a slice. */
export interface SliceDeps {
  store: OPStore
  /** The OP's clock, in whole seconds since the epoch. */
  clock: { now(): number }
  settings: StateSettings
  /** The OP's generator of identifiers (`id`, not secret) and secrets (`token`). */
  random: { id(): string; token(): string }
  /** base64url(SHA-256(value)): the key of codes, pushed requests and DPoP proof `jti`s. */
  hash(value: string): string
  /** Called after a write that adds records, so that expired ones are collected now and then. */
  grew(): void
  /** The one array the OP's records share for a scope list (src/store/compact.ts). */
  scopes: ScopeInterner
}
