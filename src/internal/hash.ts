/**
 * Hashes the OP relies on: lookups by token hash, and the ID token's `at_hash`.
 *
 * Synchronous, with @noble/hashes: `crypto.subtle.digest` sends each short string to another
 * thread and back, which in Node cost about 40 times the hash itself, several times per flow
 * (bench/README.md), and it runs the same in Node, the service worker and the page. SHA-384 and
 * SHA-512 serve only `at_hash` for the less common algorithms: WebCrypto's, which keeps noble's
 * 64-bit SHA-2 out of the worker script (2.4 KiB gzipped, issue 16 item 7).
 */
import { sha256 as sha256Digest } from '@noble/hashes/sha2.js'
import { base64url } from './jose.js'
import type { SigningAlg } from '../consts.js'

const encoder = new TextEncoder()

/** base64url(SHA-256(value)): the key under which codes and opaque tokens are stored. */
export function sha256(value: string): string {
  return base64url.encode(sha256Digest(encoder.encode(value)))
}

/** WebCrypto's name of the hash of a JWS algorithm, unless SHA-256; EdDSA (Ed25519) uses SHA-512 (OpenID Connect Core errata). */
function longHashFor(alg: SigningAlg): 'SHA-384' | 'SHA-512' | undefined {
  if (alg === 'EdDSA') return 'SHA-512'
  const bits = alg.slice(-3)
  return bits === '384' ? 'SHA-384' : bits === '512' ? 'SHA-512' : undefined
}

/**
 * `at_hash`: base64url of the left half of the hash of the access token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function leftHalfHash(value: string, alg: SigningAlg): Promise<string> {
  const bytes = encoder.encode(value)
  const name = longHashFor(alg)
  const hash = name ? new Uint8Array(await crypto.subtle.digest(name, bytes)) : sha256Digest(bytes)
  return base64url.encode(hash.slice(0, hash.length / 2))
}

/** Compares two strings without leaking where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a)
  const right = encoder.encode(b)
  let diff = left.length ^ right.length
  for (let i = 0; i < left.length; i++) diff |= left[i]! ^ (right[i % Math.max(right.length, 1)] ?? 0)
  return diff === 0
}
