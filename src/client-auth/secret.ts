/** Shared by the methods that present the client secret itself. */
import type { EndpointContext } from '../context/endpoint-context.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import { timingSafeEqual } from '../internal/hash.js'

/**
 * Compares a presented client secret with the registered one in constant time, and refuses an expired secret.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1 client_secret_expires_at
 */
export function checkSecret(context: EndpointContext, client: ClientRecord, presented: string, headers?: Record<string, string>): void {
  const expected = client.client_secret
  if (typeof expected !== 'string' || !timingSafeEqual(presented, expected)) {
    throw oauthError('invalid_client', 'client authentication failed: wrong client_secret', headers ? { headers } : {})
  }
  checkSecretExpiry(context, client, headers)
}

/** RFC 7591 §3.2.1: a secret with `client_secret_expires_at` in the past no longer authenticates. */
export function checkSecretExpiry(context: EndpointContext, client: ClientRecord, headers?: Record<string, string>): void {
  const expiresAt = client.client_secret_expires_at ?? 0
  if (expiresAt !== 0 && expiresAt <= context.clock.now()) {
    throw oauthError('invalid_client', 'client authentication failed: the client_secret has expired', headers ? { headers } : {})
  }
}
