/**
 * The key a response is encrypted to: one of the client's public keys (`jwks`, or `jwks_uri`
 * fetched through the host's outbound fetch) that fits the algorithm, or for `dir` and `A*KW` a
 * key derived from its secret as OIDC Core §10.2 says: the left-most bits of the SHA-256 of the
 * secret's UTF-8 octets (SHA-384 for keys of 257–384 bits, SHA-512 above).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Encryption
 */
import { importJWK, type JWK } from '../../internal/jose.js'
import { fitsEncryption, SECRET_KEY_ALGS } from '../../client/encryption-metadata.js'
import { oauthError } from '../../errors/oauth-error.js'
import { fetchBounded, type OutboundFetch } from '../../http/outbound-fetch.js'
import type { ClientRecord } from '../../store/state.js'

/** Bits of the content encryption key of each `enc` (RFC 7518 §5.2, §5.3). */
const ENC_KEY_BITS: Record<string, number> = {
  'A128CBC-HS256': 256, 'A192CBC-HS384': 384, 'A256CBC-HS512': 512, A128GCM: 128, A192GCM: 192, A256GCM: 256,
}

/** Bits of the key-wrapping key of each AES key wrap algorithm (RFC 7518 §4.4). */
const KW_KEY_BITS: Record<string, number> = { A128KW: 128, A192KW: 192, A256KW: 256 }

/** How long the OP waits for a client's `jwks_uri`, and how much of it it reads. */
const JWKS_FETCH = { timeout: 5000, maxBytes: 64 * 1024 }

/** The key to encrypt to, and its `kid` for the JWE header. */
export interface EncryptionKey {
  key: CryptoKey | Uint8Array
  kid?: string
}

/**
 * The key for `alg`/`enc` to `client` (its `jwks_uri` fetched through `send`, the OP's route); an
 * OAuth error when the client has none that fits.
 */
export async function clientEncryptionKey(send: OutboundFetch, client: ClientRecord, alg: string, enc: string): Promise<EncryptionKey> {
  if ((SECRET_KEY_ALGS as readonly string[]).includes(alg)) {
    if (typeof client.client_secret !== 'string') throw oauthError('invalid_client', `the client has no secret to derive an ${alg} key from`)
    return { key: await secretKey(client.client_secret, alg === 'dir' ? ENC_KEY_BITS[enc]! : KW_KEY_BITS[alg]!) }
  }
  const jwks = client.jwks ?? (client.jwks_uri ? await fetchJwks(send, client.jwks_uri) : undefined)
  const jwk = jwks?.keys.filter((key) => fitsEncryption(key, alg)).at(-1)
  if (!jwk) throw oauthError('invalid_client', `no key of the client (jwks or jwks_uri) fits ${alg}: it needs a key with use 'enc' or no use`)
  let key: CryptoKey
  try {
    key = (await importJWK(jwk, alg)) as CryptoKey
  } catch {
    throw oauthError('invalid_client', `the client's ${alg} key${jwk.kid !== undefined ? ` '${jwk.kid}'` : ''} is not a usable public key`)
  }
  return { key, ...(jwk.kid !== undefined ? { kid: jwk.kid } : {}) }
}

/** Core §10.2: a left-truncated SHA-2 hash of the secret's octets. */
export async function secretKey(secret: string, bits: number): Promise<Uint8Array> {
  const hash = bits <= 256 ? 'SHA-256' : bits <= 384 ? 'SHA-384' : 'SHA-512'
  const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(secret)))
  return digest.slice(0, bits / 8)
}

async function fetchJwks(send: OutboundFetch, url: string): Promise<{ keys: JWK[] } | undefined> {
  const text = await fetchBounded(send, url, { ...JWKS_FETCH, error: 'invalid_client', accept: 'application/jwk-set+json, application/json' })
  try {
    const parsed = JSON.parse(text) as { keys?: unknown }
    return Array.isArray(parsed.keys) ? { keys: parsed.keys.filter((key): key is JWK => key !== null && typeof key === 'object') } : undefined
  } catch {
    throw oauthError('invalid_client', `the client's jwks_uri ${url} is not a JWK Set`)
  }
}

