/**
 * `none`: a public client that only names itself (RFC 7591 §2). It proves nothing, which is why
 * PKCE is required of it.
 */
import type { ClientAuthenticator } from './method.js'

export const noClientAuth: ClientAuthenticator = {
  method: 'none',
  present: ({ params }) => params.client_id !== undefined,
  claimedClientId: ({ params }) => params.client_id,
  async verify() {},
}
