/** Issued access and refresh tokens, by `jti` (JWTs) or the SHA-256 of the token (opaque). */
import { dropExpired, ownGet, ownSet } from '../own.js'
import type { OPState, TokenRecord } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'
import { extendGrant } from './grants.js'

/** Actions and queries on `state.tokens`. */
export interface TokensSlice {
  /** Stores an issued token's record under `key`; its grant lives at least as long. */
  store(key: string, record: TokenRecord): void
  /** A token's record by key (active or not). */
  get(key: string): TokenRecord | undefined
  /** Whether a token may still be used: not expired, revoked, rotated, from a revoked grant, nor of a removed client. */
  isActive(record: TokenRecord): boolean
  /** Revokes this one token (see `StateActions.revokeToken` for the rule on refresh tokens). */
  revoke(key: string): void
  /** Marks a refresh token rotated: presenting it again is reuse. */
  markRotated(key: string): void
}

/** The tokens slice. */
export function tokensSlice({ store, clock, grew, scopes }: SliceDeps): TokensSlice {
  return {
    store(key, record) {
      // One array per scope list, shared with the grant and its other tokens (src/store/compact.ts).
      record.scope = scopes(record.scope)
      mutate(store, (state) => {
        ownSet(state.tokens, key, record)
        if (record.grant_id) extendGrant(state, record.grant_id, record.exp)
      })
      grew()
    },
    get: (key) => ownGet(store.getState().tokens, key),
    isActive(record) {
      if (record.revoked || record.rotated_at !== undefined || record.exp <= clock.now()) return false
      const state = store.getState()
      if (!Object.hasOwn(state.clients, record.client_id)) return false
      if (!record.grant_id) return true
      const grant = ownGet(state.grants, record.grant_id)
      return !!grant && !grant.revoked
    },
    revoke(key) {
      mutate(store, (state) => {
        const record = ownGet(state.tokens, key)
        if (record) record.revoked = true
      })
    },
    markRotated(key) {
      mutate(store, (state) => {
        const record = ownGet(state.tokens, key)
        if (record) record.rotated_at = clock.now()
      })
    },
  }
}

/** Drops expired tokens (for the sweep). */
export function dropExpiredTokens(state: OPState, now: number): void {
  dropExpired(state.tokens, (token) => token.exp, now)
}
