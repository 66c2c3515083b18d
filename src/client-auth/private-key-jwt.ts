/**
 * `private_key_jwt`: a JWT assertion signed with a key from the client's `jwks` or `jwks_uri`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { createLocalJWKSet, type JWTVerifyGetKey } from '../internal/jose.js'
import type { RemoteKeySets } from '../context/remote-key-sets.js'
import { PRIVATE_KEY_JWT_ALGS } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import type { ClientAuthenticator } from './method.js'
import { assertionClientId, assertionPresent, verifyAssertion } from './jwt-assertion.js'

/**
 * The key set of `jwks`, or of `jwks_uri` through the OP's cache (jose refetches on an unknown `kid`):
 * a client's, or a trusted issuer's for the JWT grants.
 */
export function clientKeys(client: Pick<ClientRecord, 'jwks' | 'jwks_uri'>, remote: RemoteKeySets): JWTVerifyGetKey {
  if (client.jwks) return createLocalJWKSet(client.jwks)
  if (client.jwks_uri) return remote.get(client.jwks_uri)
  throw oauthError('invalid_client', 'the client registered no keys (jwks or jwks_uri)')
}

/**
 * `private_key_jwt`: a JWT assertion signed with a key from the client's `jwks` or `jwks_uri`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const privateKeyJwt: ClientAuthenticator = {
  method: 'private_key_jwt',
  present: assertionPresent,
  claimedClientId: assertionClientId,
  async verify(input, client) {
    await verifyAssertion(input, client, clientKeys(client, input.context.remoteKeySets), PRIVATE_KEY_JWT_ALGS)
  },
}
