/**
 * `private_key_jwt`: a JWT assertion signed with a key from the client's `jwks` or `jwks_uri`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import { PRIVATE_KEY_JWT_ALGS } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import type { ClientAuthenticator } from './method.js'
import { assertionClientId, assertionPresent, verifyAssertion } from './jwt-assertion.js'

/** Remote key sets, cached by URL (jose refetches on an unknown `kid`). */
const remoteSets = new Map<string, JWTVerifyGetKey>()

/** The key set of `jwks` or `jwks_uri` (a client's, or a trusted issuer's for the JWT grants). */
export function clientKeys(client: Pick<ClientRecord, 'jwks' | 'jwks_uri'>): JWTVerifyGetKey {
  if (client.jwks) return createLocalJWKSet(client.jwks)
  if (client.jwks_uri) {
    let set = remoteSets.get(client.jwks_uri)
    if (!set) {
      set = createRemoteJWKSet(new URL(client.jwks_uri))
      remoteSets.set(client.jwks_uri, set)
    }
    return set
  }
  throw oauthError('invalid_client', 'the client registered no keys (jwks or jwks_uri)')
}

export const privateKeyJwt: ClientAuthenticator = {
  method: 'private_key_jwt',
  present: assertionPresent,
  claimedClientId: assertionClientId,
  async verify(input, client) {
    await verifyAssertion(input, client, clientKeys(client), PRIVATE_KEY_JWT_ALGS)
  },
}
