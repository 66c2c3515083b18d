/**
 * Making the OP's signing keys. An RSA key takes 100–480 ms to generate and an EC or Ed25519 key
 * a few, so the RSA algorithms (RS256…PS512) share one RSA key: each algorithm gets its own JWK
 * (its own `alg` and `kid`) over the same modulus, and a set of keys costs one RSA generation.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from '../internal/jose.js'
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
 * Keys generated for an issuer, kept for the next OP of that issuer in this process (or worker):
 * a suite that builds an OP per test generates its RSA key once. By `issuer` + the algorithm
 * (one entry for the RSA key, which the RSA algorithms share). Module state, on purpose.
 */
const generatedForIssuer = new Map<string, Promise<PrivateJWK>>()

/** At most this many entries: a suite with an issuer per test does not keep every key. */
const MAX_SHARED_KEYS = 64

/**
 * A generated key for `alg`, the same for every OP of `issuer` in this process (`share` given),
 * or a fresh one (`share` undefined: `generatedKeys: 'fresh'`, and `op.rotate()`).
 */
export function sharedOrFreshJwk(alg: SigningAlg, share: string | undefined): Promise<PrivateJWK> {
  if (share === undefined) return generatePrivateJwk(alg)
  const cacheKey = `${share} ${alg}`
  let pending = generatedForIssuer.get(cacheKey)
  if (!pending) {
    if (generatedForIssuer.size >= MAX_SHARED_KEYS) generatedForIssuer.delete(generatedForIssuer.keys().next().value!)
    pending = generatePrivateJwk(alg)
    pending.catch(() => generatedForIssuer.delete(cacheKey))
    generatedForIssuer.set(cacheKey, pending)
  }
  return pending
}

/**
 * New keys for `algs`, generated in parallel; the RSA ones over one RSA key: `rsa` when given
 * (a key the OP already has), else one generated for them. `share`: the issuer whose keys of an
 * earlier OP in this process may be reused (see {@link sharedOrFreshJwk}).
 */
export async function generateKeySet(algs: readonly SigningAlg[], rsa?: PrivateJWK, share?: string): Promise<PrivateJWK[]> {
  const rsaAlgs = algs.filter(isRsaAlg)
  const [base, ...others] = await Promise.all([
    rsa || !rsaAlgs.length ? Promise.resolve(rsa) : sharedOrFreshJwk(rsaAlgs[0]!, share),
    ...algs.filter((alg) => !isRsaAlg(alg)).map((alg) => sharedOrFreshJwk(alg, share)),
  ])
  // Copies: an OP's store owns its records, a shared key is shared by value.
  return [...(base ? rsaAlgs.map((alg) => ({ ...rsaKeyFor(base, alg) })) : []), ...(others as PrivateJWK[]).map((jwk) => ({ ...jwk }))]
}
