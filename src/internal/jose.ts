/**
 * jose's signing, verifying and key functions, loaded on first use: importing the package costs
 * no more than the OP's own modules (issue 16: the core entry under 80 ms; jose alone takes
 * 40–60 ms to import here). Same names and signatures as jose's; every one of them returns a
 * promise already, so callers do not change. The small helpers (base64url, decodeJwt, errors)
 * come from jose's own subpath exports, which load only themselves.
 */
import type * as Jose from 'jose'
export type { CompactDecryptGetKey, JSONWebKeySet, JWK, JWTHeaderParameters, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
export * as base64url from 'jose/base64url'
export * as errors from 'jose/errors'
export { decodeJwt } from 'jose/jwt/decode'
export { decodeProtectedHeader } from 'jose/decode/protected_header'

/** The jose modules the OP loads on first use, each from its own subpath export (so a bundle holds only these). */
const modules = {
  verify: () => import('jose/jwt/verify'),
  importKey: () => import('jose/key/import'),
  exportKey: () => import('jose/key/export'),
  keyPair: () => import('jose/key/generate/keypair'),
  thumbprint: () => import('jose/jwk/thumbprint'),
  localSet: () => import('jose/jwks/local'),
  remoteSet: () => import('jose/jwks/remote'),
  unsecured: () => import('jose/jwt/unsecured'),
  encrypt: () => import('jose/jwe/compact/encrypt'),
  decrypt: () => import('jose/jwe/compact/decrypt'),
}

/** jose's remote key set options, with the fetch it should use named `fetch` (jose's `customFetch` symbol lives in a module not loaded yet). */
export type RemoteKeySetOptions = Omit<Jose.RemoteJWKSetOptions, typeof Jose.customFetch> & { fetch?: Jose.FetchImplementation }


/** jose's `jwtVerify`, loaded on first use. */
export const jwtVerify = (async (jwt: string | Uint8Array, key: never, options?: Jose.JWTVerifyOptions) =>
  (await modules.verify()).jwtVerify(jwt, key, options)) as typeof Jose.jwtVerify

/** jose's `importJWK`, loaded on first use. */
export const importJWK: typeof Jose.importJWK = async (jwk, alg, options) => (await modules.importKey()).importJWK(jwk, alg, options)

/** jose's `exportJWK`, loaded on first use. */
export const exportJWK: typeof Jose.exportJWK = async (key) => (await modules.exportKey()).exportJWK(key)

/** jose's `generateKeyPair`, loaded on first use. */
export const generateKeyPair: typeof Jose.generateKeyPair = async (alg, options) => (await modules.keyPair()).generateKeyPair(alg, options)

/** jose's `calculateJwkThumbprint`, loaded on first use. */
export const calculateJwkThumbprint: typeof Jose.calculateJwkThumbprint = async (jwk, digestAlgorithm) =>
  (await modules.thumbprint()).calculateJwkThumbprint(jwk, digestAlgorithm)

/** jose's `createLocalJWKSet`: the set is built on the first key lookup. */
export function createLocalJWKSet(jwks: Jose.JSONWebKeySet): Jose.JWTVerifyGetKey {
  let set: Jose.JWTVerifyGetKey | undefined
  return async (protectedHeader, token) => (set ??= (await modules.localSet()).createLocalJWKSet(jwks))(protectedHeader, token)
}

/** jose's `createRemoteJWKSet`: the set (and its cache) is built on the first key lookup. */
export function createRemoteJWKSet(url: URL, { fetch, ...options }: RemoteKeySetOptions = {}): Jose.JWTVerifyGetKey {
  let set: Jose.JWTVerifyGetKey | undefined
  const build = async () => {
    const remote = await modules.remoteSet()
    return remote.createRemoteJWKSet(url, fetch ? { ...options, [remote.customFetch]: fetch } : options)
  }
  return async (protectedHeader, token) => (set ??= await build())(protectedHeader, token)
}

/** jose's `UnsecuredJWT.decode` (an `alg: none` JWT's claims, times checked), loaded on first use. */
export const decodeUnsecuredJwt = async (jwt: string, options?: Jose.JWTClaimVerificationOptions): Promise<Jose.UnsecuredResult> =>
  (await modules.unsecured()).UnsecuredJWT.decode(jwt, options)

/** jose's `CompactEncrypt` in one call: `plaintext` encrypted to `key` under `header`, loaded on first use. */
export const compactEncrypt = async (plaintext: Uint8Array, header: Jose.CompactJWEHeaderParameters, key: Jose.CryptoKey | Jose.KeyObject | Jose.JWK | Uint8Array): Promise<string> =>
  new (await modules.encrypt()).CompactEncrypt(plaintext).setProtectedHeader(header).encrypt(key)

/** jose's `compactDecrypt`, loaded on first use. */
export const compactDecrypt = (async (jwe: string | Uint8Array, key: never, options?: Jose.DecryptOptions) =>
  (await modules.decrypt()).compactDecrypt(jwe, key, options)) as typeof Jose.compactDecrypt
