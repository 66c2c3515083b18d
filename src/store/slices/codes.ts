/** Authorization codes, stored by the SHA-256 of the code. */
import { ownString } from '../compact.js'
import { dropExpired, ownGet, ownSet } from '../own.js'
import type { AuthorizationCodeRecord, Grant, OPState, ValidatedAuthorizationRequest } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'
import { extendGrant } from './grants.js'

/** Actions and queries on `state.codes`. */
export interface CodesSlice {
  /** Issues a code for `grant` from `request`; returns the code itself. */
  issue(grant: Grant, request: ValidatedAuthorizationRequest): string
  /** The record of a live (unexpired) code, redeemed or not, and its key. */
  find(code: string): { key: string; record: AuthorizationCodeRecord } | undefined
  /** Marks a code redeemed; false when it already was (a request that awaited lost the race). */
  markRedeemed(key: string): boolean
}

/** The codes slice. */
export function codesSlice({ store, clock, settings, random, hash }: SliceDeps): CodesSlice {
  return {
    issue(grant, request) {
      const code = random.token()
      const expires = clock.now() + settings.ttl.AuthorizationCode
      const registered = ownGet(store.getState().clients, request.client_id)?.redirect_uris?.find((uri) => uri === request.redirect_uri)
      const record: AuthorizationCodeRecord = {
        grant_id: grant.id,
        client_id: request.client_id,
        // The client's own string, or copies: the request's values are slices of its whole query (src/store/compact.ts).
        redirect_uri: registered ?? ownString(request.redirect_uri),
        redirect_uri_sent: request.redirect_uri_sent,
        ...(request.nonce !== undefined ? { nonce: ownString(request.nonce) } : {}),
        ...(request.code_challenge !== undefined
          ? { code_challenge: ownString(request.code_challenge), code_challenge_method: request.code_challenge_method === 'plain' ? 'plain' : 'S256' }
          : {}),
        ...(request.dpop_jkt !== undefined ? { dpop_jkt: request.dpop_jkt } : {}),
        expires_at: expires,
      }
      const key = hash(code)
      mutate(store, (state) => {
        ownSet(state.codes, key, record)
        extendGrant(state, grant.id, expires)
      })
      return code
    },
    find(code) {
      const key = hash(code)
      const record = ownGet(store.getState().codes, key)
      if (!record || record.expires_at <= clock.now()) return undefined
      return { key, record }
    },
    markRedeemed(key) {
      return mutate(store, (state) => {
        const record = ownGet(state.codes, key)
        if (!record || record.redeemed_at !== undefined) return false
        // Redeemed, the code only has to be known again (and its grant revoked) until it expires:
        // what redeeming it took (nonce, PKCE challenge, DPoP key) is dropped with the old record.
        const { grant_id, client_id, redirect_uri, redirect_uri_sent, expires_at } = record
        ownSet(state.codes, key, { grant_id, client_id, redirect_uri, redirect_uri_sent, expires_at, redeemed_at: clock.now() })
        return true
      })
    },
  }
}

/** Drops expired codes (for the sweep); redeemed ones stay until then, to detect reuse. */
export function dropExpiredCodes(state: OPState, now: number): void {
  dropExpired(state.codes, (code) => code.expires_at, now)
}
