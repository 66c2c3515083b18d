/** The OP's one generator of identifiers and secrets: 256 bits of entropy unless said otherwise. */
import { base64url } from './jose.js'

/**
 * Random bytes are drawn from the platform's CSPRNG a pool at a time: each `getRandomValues` call
 * costs a few microseconds whatever its size, and a flow draws half a dozen tokens (issue 16), as
 * Node's own `randomUUID` draws its entropy in batches. Every byte is handed out once; a pool
 * used up is replaced by a new one, never refilled in place.
 */
const POOL_BYTES = 4096
let pool = new Uint8Array(0)
let taken = 0

/** `bytes` random bytes never handed out before. */
function randomBytes(bytes: number): Uint8Array {
  if (!(Number.isInteger(bytes) && bytes > 0 && bytes <= POOL_BYTES)) return crypto.getRandomValues(new Uint8Array(bytes))
  if (taken + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES))
    taken = 0
  }
  return pool.subarray(taken, (taken += bytes))
}

/** A random base64url string of `bytes` bytes (256 bits by default). */
export function randomToken(bytes = 32): string {
  return base64url.encode(randomBytes(bytes))
}

/** A shorter identifier for things that are not secrets (client ids, session ids). */
export function randomId(): string {
  return randomToken(16)
}
