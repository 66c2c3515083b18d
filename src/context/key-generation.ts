/**
 * Making the OP's signing keys. An RSA key takes 100–480 ms to generate and an EC or Ed25519 key
 * a few, so the RSA algorithms (RS256…PS512) share one RSA key: each algorithm gets its own JWK
 * (its own `alg` and `kid`) over the same modulus, and a set of keys costs one RSA generation.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import type { SigningAlg } from '../consts.js'
import type { PrivateJWK } from '../store/state.js'

/** Whether the algorithm signs with an RSA key. */
export function isRsaAlg(alg: SigningAlg): boolean {
  return alg.startsWith('RS') || alg.startsWith('PS')
}

/** A new private JWK for `alg`, named by its thumbprint (RFC 7638). */
export async function generatePrivateJwk(alg: SigningAlg): Promise<PrivateJWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) })
  const jwk = await exportJWK(privateKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { ...jwk, kid, alg, use: 'sig' }
}

/**
 * The same RSA key material as `rsa`, for `alg`. One material has one thumbprint, so the `kid` gets
 * the algorithm appended, as a configured key named for two algorithms does (store/slices/keys.ts).
 */
export function rsaKeyFor(rsa: PrivateJWK, alg: SigningAlg): PrivateJWK {
  if (rsa.alg === alg) return rsa
  const thumbprint = rsa.kid!.replace(/-[A-Z]{2}\d{3}$/, '')
  return { ...rsa, alg, kid: `${thumbprint}-${alg}` }
}

/**
 * New keys for `algs`, generated in parallel; the RSA ones over one RSA key: `rsa` when given
 * (a key the OP already has), else one generated for them.
 */
export async function generateKeySet(algs: readonly SigningAlg[], rsa?: PrivateJWK): Promise<PrivateJWK[]> {
  const rsaAlgs = algs.filter(isRsaAlg)
  const [base, ...others] = await Promise.all([
    rsa || !rsaAlgs.length ? Promise.resolve(rsa) : generatePrivateJwk(rsaAlgs[0]!),
    ...algs.filter((alg) => !isRsaAlg(alg)).map(generatePrivateJwk),
  ])
  return [...(base ? rsaAlgs.map((alg) => rsaKeyFor(base, alg)) : []), ...(others as PrivateJWK[])]
}
