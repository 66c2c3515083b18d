/**
 * The same names as ./jose.ts, straight from jose: what the worker script bundles in its place
 * (vite.worker.config.ts). A bundle evaluates once and loads nothing more, and a lazy import would
 * keep the whole of each jose module in it, where a static one lets the bundler drop what the OP
 * does not use.
 */
import * as jose from 'jose'
import type { RemoteKeySetOptions } from './jose.js'
export type { RemoteKeySetOptions } from './jose.js'
export type { CompactDecryptGetKey, JSONWebKeySet, JWK, JWTHeaderParameters, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
export {
  base64url,
  calculateJwkThumbprint,
  compactDecrypt,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from 'jose'

/** jose's `createRemoteJWKSet`, its fetch named `fetch` as in ./jose.ts. */
export function createRemoteJWKSet(url: URL, { fetch, ...options }: RemoteKeySetOptions = {}): jose.JWTVerifyGetKey {
  return jose.createRemoteJWKSet(url, fetch ? { ...options, [jose.customFetch]: fetch } : options)
}

/** jose's `UnsecuredJWT.decode`, as in ./jose.ts. */
export const decodeUnsecuredJwt = async (jwt: string, options?: jose.JWTClaimVerificationOptions): Promise<jose.UnsecuredResult> =>
  jose.UnsecuredJWT.decode(jwt, options)

/** jose's `CompactEncrypt` in one call, as in ./jose.ts. */
export const compactEncrypt = async (plaintext: Uint8Array, header: jose.CompactJWEHeaderParameters, key: jose.CryptoKey | jose.KeyObject | jose.JWK | Uint8Array): Promise<string> =>
  new jose.CompactEncrypt(plaintext).setProtectedHeader(header).encrypt(key)
