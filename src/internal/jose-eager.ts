/**
 * The same names as ./jose.ts, straight from jose: what the worker script bundles in its place
 * (vite.worker.config.ts). A bundle evaluates once and loads nothing more, and a lazy import would
 * keep the whole of each jose module in it, where a static one lets the bundler drop what the OP
 * does not use.
 */
export type { JSONWebKeySet, JWK, JWTHeaderParameters, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
export {
  base64url,
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from 'jose'
