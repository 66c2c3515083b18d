/**
 * What makes a JWS signature: the key jar builds the JWS Compact Serialization and asks its signer
 * for the signature over the signing input. The core's signer is WebCrypto (every host has it); a
 * host may give a faster one (the Node hosts give one over `node:crypto` KeyObjects,
 * src/msw/node-signer.ts). Same keys, same algorithms, so the tokens verify the same.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
import { importJWK } from '../internal/jose.js'
import type { SigningAlg } from '../consts.js'
import type { PrivateJWK } from '../store/state.js'

/** Signs a JWS signing input with a private key of the OP, for the key's `alg`. */
export interface JwsSigner {
  /** The signature octets (ECDSA as R || S, RFC 7518 §3.4) of `signingInput` with `jwk`, for `jwk.alg`. */
  sign(jwk: PrivateJWK, signingInput: Uint8Array): Promise<Uint8Array>
}

/** The digest bits an algorithm names (RS256 → 256); EdDSA has none of its own. */
export function digestBits(alg: SigningAlg): 256 | 384 | 512 {
  return alg === 'EdDSA' ? 512 : (Number(alg.slice(-3)) as 256 | 384 | 512)
}

/** The WebCrypto parameters of `subtle.sign` for a JWS algorithm. */
function signParams(alg: SigningAlg, key: CryptoKey): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5' }
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', saltLength: digestBits(alg) / 8 } as RsaPssParams
  if (alg.startsWith('ES')) return { name: 'ECDSA', hash: `SHA-${digestBits(alg)}` } as EcdsaParams
  return { name: key.algorithm.name }
}

/**
 * The default signer: WebCrypto, with each key imported once (by the JWK record: a `load()` brings
 * new records, and with them new imports).
 */
export function webCryptoSigner(): JwsSigner {
  const imported = new WeakMap<PrivateJWK, Promise<CryptoKey>>()
  return {
    async sign(jwk, signingInput) {
      let key = imported.get(jwk)
      if (!key) {
        key = importJWK(jwk, jwk.alg) as Promise<CryptoKey>
        key.catch(() => imported.delete(jwk))
        imported.set(jwk, key)
      }
      const cryptoKey = await key
      return new Uint8Array(await crypto.subtle.sign(signParams(jwk.alg, cryptoKey), cryptoKey, signingInput as Uint8Array<ArrayBuffer>))
    },
  }
}
