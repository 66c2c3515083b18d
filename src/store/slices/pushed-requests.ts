/** Pushed authorization requests (RFC 9126), by the SHA-256 of their `request_uri`. */
import { countRecords, ensureRoom } from '../caps.js'
import { dropExpired, ownDelete, ownGet, ownSet } from '../own.js'
import type { OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/**
 * The form of the `request_uri` values the OP hands out.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 */
export const PUSHED_REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:'

/** Actions and queries on `state.pushed_requests`. */
export interface PushedRequestsSlice {
  /** Keeps pushed request parameters; returns the `request_uri` that refers to them and its lifetime. */
  push(clientId: string, params: Record<string, string>): { request_uri: string; expires_in: number }
  /**
   * The parameters a `request_uri` refers to, if it is live and was pushed by `clientId`. It works
   * once.
   * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
   */
  take(requestUri: string, clientId: string): Record<string, string> | undefined
}

/** The pushed requests slice. */
export function pushedRequestsSlice({ store, clock, settings, random, hash }: SliceDeps): PushedRequestsSlice {
  return {
    push(clientId, params) {
      const expiresIn = settings.ttl.PushedAuthorizationRequest
      const requestUri = `${PUSHED_REQUEST_URI_PREFIX}${random.token()}`
      ensureRoom(countRecords(store.getState().pushed_requests, store.getState().revision), settings.limits.pushedRequests, 'pending pushed authorization requests', 'pushedRequests')
      mutate(store, (state) => {
        ownSet(state.pushed_requests, hash(requestUri), { client_id: clientId, params, expires_at: clock.now() + expiresIn })
      })
      return { request_uri: requestUri, expires_in: expiresIn }
    },
    take(requestUri, clientId) {
      const key = hash(requestUri)
      const record = ownGet(store.getState().pushed_requests, key)
      if (!record || record.client_id !== clientId || record.expires_at <= clock.now()) return undefined
      mutate(store, (state) => ownDelete(state.pushed_requests, key))
      return record.params
    },
  }
}

/** Drops expired pushed requests (for the sweep). */
export function dropExpiredPushedRequests(state: OPState, now: number): void {
  dropExpired(state.pushed_requests, (request) => request.expires_at, now)
}
