/** Hashes the OP relies on: lookups by token hash, PKCE, and the ID token's `at_hash`. */
import { base64url } from 'jose'
import type { SigningAlg } from '../consts.js'
import { sha256Bytes } from './sha256.js'

const encoder = new TextEncoder()

/** SHA-256 in place (see sha256.ts); the longer hashes, rarer, through WebCrypto. */
async function digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', value: string): Promise<Uint8Array> {
  if (algorithm === 'SHA-256') return sha256Bytes(encoder.encode(value))
  return new Uint8Array(await crypto.subtle.digest(algorithm, encoder.encode(value)))
}

/** base64url(SHA-256(value)): the key under which codes and opaque tokens are stored. */
export async function sha256(value: string): Promise<string> {
  return base64url.encode(await digest('SHA-256', value))
}

/** The hash that goes with a JWS algorithm; EdDSA (Ed25519) uses SHA-512 (OpenID Connect Core errata). */
function hashFor(alg: SigningAlg): 'SHA-256' | 'SHA-384' | 'SHA-512' {
  if (alg === 'EdDSA') return 'SHA-512'
  const bits = alg.slice(-3)
  return bits === '384' ? 'SHA-384' : bits === '512' ? 'SHA-512' : 'SHA-256'
}

/**
 * `at_hash`: base64url of the left half of the hash of the access token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function leftHalfHash(value: string, alg: SigningAlg): Promise<string> {
  const hash = await digest(hashFor(alg), value)
  return base64url.encode(hash.slice(0, hash.length / 2))
}

/**
 * PKCE S256: BASE64URL(SHA256(ASCII(code_verifier))).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function s256CodeChallenge(verifier: string): Promise<string> {
  return sha256(verifier)
}

/** Compares two strings without leaking where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a)
  const right = encoder.encode(b)
  let diff = left.length ^ right.length
  for (let i = 0; i < left.length; i++) diff |= left[i]! ^ (right[i % Math.max(right.length, 1)] ?? 0)
  return diff === 0
}
