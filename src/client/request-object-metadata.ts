/**
 * The request object client metadata (OIDC Registration §2, RFC 9101 §10.5): how the client signs
 * (`request_object_signing_alg`, `none` only when registered) and encrypts its request objects,
 * whether it always signs them, and the `request_uris` it may send by reference.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-10.5
 */
import { SECRET_JWT_ALGS, SIGNING_ALGS } from '../consts.js'
import { ASYMMETRIC_KEY_ALGS, ENCRYPTION_ENCS } from './encryption-metadata.js'

/** A refused member: which field, and why. */
export interface RequestObjectProblem {
  field: string
  problem: string
}

/** The algorithms a request object may be signed with: the client's keys, its secret, or none. */
export const REQUEST_OBJECT_SIGNING_ALGS = [...SIGNING_ALGS, ...SECRET_JWT_ALGS, 'none'] as const

/** The algorithms a request object may be encrypted to the OP's keys with. */
export const REQUEST_OBJECT_ENCRYPTION_ALGS = ASYMMETRIC_KEY_ALGS

/** The request object metadata names the validator reads. */
export const REQUEST_OBJECT_FIELDS = [
  'request_object_signing_alg',
  'request_object_encryption_alg',
  'request_object_encryption_enc',
  'request_uris',
  'require_signed_request_object',
] as const

/** The first problem of the request object members of `out` (metadata being validated), if any. */
export function requestObjectMetadataProblem(out: Record<string, unknown>): RequestObjectProblem | undefined {
  const alg = out.request_object_signing_alg
  if (alg !== undefined && !(REQUEST_OBJECT_SIGNING_ALGS as readonly unknown[]).includes(alg)) {
    return { field: 'request_object_signing_alg', problem: `'${String(alg)}' is not supported (${REQUEST_OBJECT_SIGNING_ALGS.join(', ')})` }
  }
  if (alg === 'none' && out.require_signed_request_object === true) {
    return { field: 'request_object_signing_alg', problem: "'none' contradicts require_signed_request_object" }
  }
  const encAlg = out.request_object_encryption_alg
  if (encAlg !== undefined && !(REQUEST_OBJECT_ENCRYPTION_ALGS as readonly unknown[]).includes(encAlg)) {
    return { field: 'request_object_encryption_alg', problem: `'${String(encAlg)}' is not supported (${REQUEST_OBJECT_ENCRYPTION_ALGS.join(', ')})` }
  }
  const enc = out.request_object_encryption_enc
  if (enc !== undefined && encAlg === undefined) return { field: 'request_object_encryption_enc', problem: 'needs request_object_encryption_alg' }
  if (enc !== undefined && !(ENCRYPTION_ENCS as readonly unknown[]).includes(enc)) {
    return { field: 'request_object_encryption_enc', problem: `'${String(enc)}' is not supported (${ENCRYPTION_ENCS.join(', ')})` }
  }
  if (out.require_signed_request_object !== undefined && typeof out.require_signed_request_object !== 'boolean') {
    return { field: 'require_signed_request_object', problem: 'must be a boolean' }
  }
  return requestUrisProblem(out.request_uris)
}

/** Core §6.2: absolute `https` URLs (`http` on loopback hosts, for local tests). */
function requestUrisProblem(value: unknown): RequestObjectProblem | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) return { field: 'request_uris', problem: 'must be an array of URLs' }
  for (const [i, uri] of value.entries()) {
    if (typeof uri !== 'string' || !isFetchableRequestUri(uri)) {
      return { field: `request_uris[${i}]`, problem: 'must be an absolute https URL (http only on localhost)' }
    }
  }
  return undefined
}

/** An absolute https URL, or http on a loopback host; the OP fetches nothing else. */
export function isFetchableRequestUri(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}
