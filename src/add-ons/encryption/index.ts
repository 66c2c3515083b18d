/**
 * Encryption (JWE) of what the OP sends to clients: the discovery members that say which
 * algorithms it encrypts with. The encrypting is done where each response is made, by the
 * functions of ./encrypt.ts (`encryptIdToken` in the ID token, `encryptUserInfo` at UserInfo,
 * `encryptAuthorizationResponse` for JARM); the OP's own keys for request objects are ./op-keys.ts.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Encryption
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see ../../../docs/encryption.md
 */
import type { AddOn } from '../add-on.js'
import { ENCRYPTION_ALGS, ENCRYPTION_ENCS } from '../../client/encryption-metadata.js'
import { clientEncryptionKey } from './client-keys.js'

export { encryptAuthorizationResponse, encryptIdToken, encryptIntrospectionResponse, encryptToClient, encryptUserInfo } from './encrypt.js'

/** The algorithms the OP encrypts a kind of response with (`id_token`, `userinfo`…), as discovery members. */
export function encryptionDiscovery(what: string): Record<string, unknown> {
  return { [`${what}_encryption_alg_values_supported`]: [...ENCRYPTION_ALGS], [`${what}_encryption_enc_values_supported`]: [...ENCRYPTION_ENCS] }
}

/**
 * The encryption add-on (on by default): discovery of ID token and UserInfo encryption, and the
 * client's key checked at the token endpoint before anything is spent.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export const encryptionAddOn: AddOn = {
  name: 'encryption',
  endpoints: {
    userinfo: { metadata: () => encryptionDiscovery('userinfo') },
    token: {
      // The ID token is encrypted after the grant is spent: find the client's key before, so a
      // client without a usable one is refused with nothing changed.
      async beforeProcess({ context, client }) {
        const alg = client?.id_token_encrypted_response_alg
        if (client && alg !== undefined) await clientEncryptionKey(context.outboundFetch, client, alg, client.id_token_encrypted_response_enc ?? ENCRYPTION_ENCS[0])
      },
    },
  },
  metadata: () => encryptionDiscovery('id_token'),
}
