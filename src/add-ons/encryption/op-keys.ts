/**
 * The OP's encryption keys, for the request objects clients encrypt to it (OIDC Core §6.1, RFC 9101
 * §6.1): the material of its newest RSA and P-256 signing keys published a second time under their
 * own `kid`, with `use: enc` and no `alg` (RSA-OAEP and RSA-OAEP-256 on the RSA key, ECDH-ES and
 * ECDH-ES+A*KW on the P-256 one). They live where the signing keys live, so `dump()`/`load()`
 * and the worker's saved state carry them, and `rotateKeys()` rotates them. A mock OP reuses the
 * material so that no extra RSA key has to be generated; a real OP would keep them apart.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4.2
 */
import { compactDecrypt, importJWK, type CompactDecryptGetKey, type JWK } from '../../internal/jose.js'
import { ENCRYPTION_ENCS, keyTypesFor } from '../../client/encryption-metadata.js'
import { REQUEST_OBJECT_ENCRYPTION_ALGS } from '../../client/request-object-metadata.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { publicJwk } from '../../context/keyjar.js'

/** The suffix of an encryption key's `kid` (after its signing key's). */
const ENC_KID_SUFFIX = '.enc'

/** The OP's private encryption keys, newest last: one per RSA and P-256 key material it holds. */
async function encryptionKeys(context: EndpointContext): Promise<JWK[]> {
  await context.keyjar.ready()
  const byMaterial = new Map<string, JWK>()
  for (const key of context.keys.list()) {
    if (!key.kid || !(key.kty === 'RSA' || (key.kty === 'EC' && key.crv === 'P-256'))) continue
    const material = key.kty === 'RSA' ? String(key.n) : `${String(key.x)}.${String(key.y)}`
    const { alg: _alg, use: _use, key_ops: _ops, ext: _ext, ...rest } = key
    byMaterial.delete(material)
    byMaterial.set(material, { ...rest, kid: `${key.kid}${ENC_KID_SUFFIX}`, use: 'enc' })
  }
  return [...byMaterial.values()]
}

/** The public halves, for the JWKS. */
export async function publicEncryptionKeys(context: EndpointContext): Promise<JWK[]> {
  return (await encryptionKeys(context)).map(publicJwk)
}

/**
 * Decrypts a compact JWE sent to the OP: the key named by `kid`, else the newest that fits the
 * algorithm. Throws (jose errors, or Error) when it cannot.
 */
export async function decryptForOp(context: EndpointContext, jwe: string, only?: { alg?: string; enc?: string }): Promise<{ plaintext: string; alg: string; enc: string }> {
  const keys = await encryptionKeys(context)
  const getKey: CompactDecryptGetKey = async (header) => {
    const alg = header.alg ?? ''
    const key = header.kid !== undefined
      ? keys.find((candidate) => candidate.kid === header.kid)
      : keys.filter((candidate) => keyTypesFor(alg).includes(candidate.kty ?? '')).at(-1)
    if (!key) throw new Error(`no encryption key of the OP matches kid '${String(header.kid)}'`)
    return importJWK(key, alg) as Promise<CryptoKey>
  }
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, getKey, {
    keyManagementAlgorithms: only?.alg ? [only.alg] : [...REQUEST_OBJECT_ENCRYPTION_ALGS],
    contentEncryptionAlgorithms: only?.enc ? [only.enc] : [...ENCRYPTION_ENCS],
  })
  return { plaintext: new TextDecoder().decode(plaintext), alg: protectedHeader.alg!, enc: protectedHeader.enc }
}
