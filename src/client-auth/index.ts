/**
 * Client authentication: finds which method a request uses (exactly one, RFC 6749 §2.3), then
 * checks it is the method the client registered and that its credentials hold.
 */
import type { ClientAuthMethod } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import { BASIC_CHALLENGE, clientSecretBasic } from './client-secret-basic.js'
import { clientSecretJwt } from './client-secret-jwt.js'
import { clientSecretPost } from './client-secret-post.js'
import type { ClientAuthenticator, ClientAuthInput } from './method.js'
import { noClientAuth } from './none.js'
import { privateKeyJwt } from './private-key-jwt.js'

export type { ClientAuthenticator, ClientAuthInput } from './method.js'

/** The registry of methods, by `token_endpoint_auth_method` name. */
export const CLIENT_AUTH_METHODS: Record<ClientAuthMethod, ClientAuthenticator> = {
  client_secret_basic: clientSecretBasic,
  client_secret_post: clientSecretPost,
  client_secret_jwt: clientSecretJwt,
  private_key_jwt: privateKeyJwt,
  none: noClientAuth,
}

/** The credential forms a request can carry; the two JWT methods share one. */
const FORMS = [
  { name: 'Basic authorization header', detect: clientSecretBasic },
  { name: 'client_secret parameter', detect: clientSecretPost },
  { name: 'client assertion', detect: clientSecretJwt },
] as const

/** The client a request authenticated as, and the method it used. */
export interface AuthenticatedClient {
  client: ClientRecord
  method: ClientAuthMethod
}

/**
 * Authenticates the client of a request. `allowPublic: false` refuses `none` (introspection).
 * Throws `invalid_client` (401) or `invalid_request`.
 */
export async function authenticateClient(input: ClientAuthInput, { allowPublic = true } = {}): Promise<AuthenticatedClient> {
  const used = FORMS.filter((form) => form.detect.present(input))
  if (used.length > 1) {
    throw oauthError('invalid_request', `client authentication must use one method, not ${used.map((f) => f.name).join(' and ')}`)
  }
  const form = used[0]?.detect ?? (noClientAuth.present(input) ? noClientAuth : undefined)
  if (!form) throw oauthError('invalid_client', 'client authentication is required')
  const challenge = form === clientSecretBasic ? { headers: BASIC_CHALLENGE } : {}

  const clientId = form.claimedClientId(input)
  if (input.params.client_id !== undefined && clientId !== input.params.client_id) {
    throw oauthError('invalid_request', 'client_id does not match the client that authenticated')
  }
  const client = clientId ? input.context.clients.get(clientId) : undefined
  if (!client) throw oauthError('invalid_client', 'client authentication failed: unknown client', challenge)

  const registered = client.token_endpoint_auth_method
  const method = form === clientSecretJwt ? (registered === 'private_key_jwt' ? 'private_key_jwt' : 'client_secret_jwt') : form.method
  if (method !== registered) {
    throw oauthError('invalid_client', `client authentication failed: the client is registered for ${registered}, not ${method}`, challenge)
  }
  if (method === 'none' && !allowPublic) {
    throw oauthError('invalid_client', 'this endpoint needs an authenticated (confidential) client')
  }
  await CLIENT_AUTH_METHODS[method].verify(input, client)
  return { client, method }
}
