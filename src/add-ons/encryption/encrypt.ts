/**
 * Responses encrypted to the client (JWE, RFC 7516), when it registered `*_encrypted_response_alg`
 * (and optionally `_enc`, default A128CBC-HS256): ID tokens, UserInfo responses, authorization
 * responses (JARM) and, for the engineer of RFC 9701, introspection responses. A signed response
 * is signed then encrypted, a Nested JWT with `cty: JWT` (Core §10.2, RFC 7519 §5.2).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Encryption
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-3.1
 */
import { compactEncrypt } from '../../internal/jose.js'
import { ENCRYPTION_ENCS, type ENCRYPTED_RESPONSES } from '../../client/encryption-metadata.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { ClientRecord } from '../../store/state.js'
import { clientEncryptionKey } from './client-keys.js'

/** What is encrypted: a JWS (nested, `cty: JWT`) or plain JSON claims. */
export type Plaintext = { jws: string } | { json: Record<string, unknown> }

/** The default of every `*_encrypted_response_enc` (OIDC Registration §2). */
const DEFAULT_ENC = ENCRYPTION_ENCS[0]

/** The part of the OP encryption uses: its route out, for a client's `jwks_uri`. */
export type EncryptionContext = Pick<EndpointContext, 'outboundFetch'>

/** Encrypts `plaintext` to `client` with `alg`/`enc` (compact serialization). */
export async function encryptToClient(context: EncryptionContext, client: ClientRecord, plaintext: Plaintext, alg: string, enc: string = DEFAULT_ENC): Promise<string> {
  const { key, kid } = await clientEncryptionKey(context.outboundFetch, client, alg, enc)
  const nested = 'jws' in plaintext
  const bytes = new TextEncoder().encode(nested ? plaintext.jws : JSON.stringify(plaintext.json))
  try {
    return await compactEncrypt(bytes, { alg, enc, ...(kid !== undefined ? { kid } : {}), ...(nested ? { cty: 'JWT' } : {}) }, key)
  } catch (thrown) {
    // The client's key, not the OP, is at fault (a curve jose cannot use, a key too short…).
    throw oauthError('invalid_client', `the response could not be encrypted to the client's key with ${alg}/${enc}: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
  }
}

/** `plaintext` encrypted as the client registered for `what`, or undefined when it asked for no encryption. */
async function encryptedFor(context: EncryptionContext, what: (typeof ENCRYPTED_RESPONSES)[number], client: ClientRecord, plaintext: Plaintext): Promise<string | undefined> {
  const alg = client[`${what}_encrypted_response_alg`]
  if (alg === undefined) return undefined
  return encryptToClient(context, client, plaintext, alg, client[`${what}_encrypted_response_enc`])
}

/**
 * The ID token as the client gets it: encrypted when it registered `id_token_encrypted_response_alg`.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
export async function encryptIdToken(context: EncryptionContext, client: ClientRecord, idToken: string): Promise<string> {
  return (await encryptedFor(context, 'id_token', client, { jws: idToken })) ?? idToken
}

/**
 * A UserInfo response as a JWT (Core §5.3.2): the signed one encrypted, or the claims encrypted
 * alone when the client registered encryption without signing; undefined when it asked for neither.
 */
export async function encryptUserInfo(context: EncryptionContext, client: ClientRecord, plaintext: Plaintext): Promise<string | undefined> {
  return encryptedFor(context, 'userinfo', client, plaintext)
}

/**
 * For JARM (the authorization response as a JWT): the signed response encrypted when the client
 * registered `authorization_encrypted_response_alg`/`_enc`, else unchanged.
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.2
 */
export async function encryptAuthorizationResponse(context: EncryptionContext, client: ClientRecord, signedResponse: string): Promise<string> {
  return (await encryptedFor(context, 'authorization', client, { jws: signedResponse })) ?? signedResponse
}

/**
 * For JWT introspection responses (RFC 9701 §5): the signed response encrypted with the client's
 * `introspection_encrypted_response_alg`/`_enc`, which the engineer of RFC 9701 registers and passes here.
 * @see https://www.rfc-editor.org/rfc/rfc9701#section-5
 */
export async function encryptIntrospectionResponse(context: EncryptionContext, client: ClientRecord, signedResponse: string, alg: string | undefined, enc?: string): Promise<string> {
  return alg === undefined ? signedResponse : encryptToClient(context, client, { jws: signedResponse }, alg, enc)
}
