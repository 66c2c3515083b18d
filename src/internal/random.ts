/** The OP's one generator of identifiers and secrets: 256 bits of entropy unless said otherwise. */
import { base64url } from './jose.js'

/** A random base64url string of `bytes` bytes (256 bits by default). */
export function randomToken(bytes = 32): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** A shorter identifier for things that are not secrets (client ids, session ids). */
export function randomId(): string {
  return randomToken(16)
}
