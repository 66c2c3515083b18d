/**
 * `none`: a public client that only names itself (RFC 7591 §2). It proves nothing, which is why
 * PKCE is required of it.
 */
import type { ClientAuthenticator } from './method.js'

/**
 * `none`: a public client identifies itself by `client_id` alone (PKCE protects its codes).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export const noClientAuth: ClientAuthenticator = {
  method: 'none',
  present: ({ params }) => params.client_id !== undefined,
  claimedClientId: ({ params }) => params.client_id,
  async verify() {},
}
