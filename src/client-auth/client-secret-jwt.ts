/**
 * `client_secret_jwt`: a JWT assertion signed with HMAC, the client secret as key.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { SECRET_JWT_ALGS } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientAuthenticator } from './method.js'
import { checkSecretExpiry } from './secret.js'
import { assertionClientId, assertionPresent, verifyAssertion } from './jwt-assertion.js'

/**
 * `client_secret_jwt`: a JWT assertion signed with the client secret (HS256/384/512).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const clientSecretJwt: ClientAuthenticator = {
  method: 'client_secret_jwt',
  present: assertionPresent,
  claimedClientId: assertionClientId,
  async verify(input, client) {
    if (typeof client.client_secret !== 'string') throw oauthError('invalid_client', 'the client has no secret to verify with')
    checkSecretExpiry(input.context, client)
    await verifyAssertion(input, client, new TextEncoder().encode(client.client_secret), SECRET_JWT_ALGS)
  },
}
