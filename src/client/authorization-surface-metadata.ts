/**
 * Client metadata of the authorization surface: pairwise subjects (`subject_type`,
 * `sector_identifier_uri`), the Rich Authorization Request types a client may use, and signed
 * introspection responses. The sector identifier document itself is fetched where a request can
 * wait for it (registration, the authorization endpoint: src/add-ons/pairwise/).
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-10.2
 * @see https://www.rfc-editor.org/rfc/rfc9701#section-6
 */
import { SIGNING_ALGS } from '../consts.js'

/** The metadata names the validator reads for these features. */
export const AUTHORIZATION_SURFACE_FIELDS = ['sector_identifier_uri', 'authorization_details_types', 'introspection_signed_response_alg'] as const

/** The first problem of these members of `out` (metadata being validated), if any. */
export function authorizationSurfaceProblem(out: Record<string, unknown>, redirectUris: readonly string[]): { field: string; problem: string } | undefined {
  const subjectType = out.subject_type
  if (subjectType !== undefined && subjectType !== 'public' && subjectType !== 'pairwise') {
    return { field: 'subject_type', problem: `'${String(subjectType)}' is not supported (public, pairwise)` }
  }
  const sectorUri = out.sector_identifier_uri
  if (sectorUri !== undefined) {
    // Registration §2: "MUST be a URL using the https scheme".
    if (typeof sectorUri !== 'string' || !isHttpsUrl(sectorUri)) {
      return { field: 'sector_identifier_uri', problem: 'must be an absolute https URL without fragment' }
    }
  } else if (subjectType === 'pairwise') {
    // Core §8.1: several hosts need a sector_identifier_uri to name their one sector.
    const hosts = new Set(redirectUris.map((uri) => new URL(uri).host))
    if (hosts.size > 1) {
      return { field: 'sector_identifier_uri', problem: `is required for a pairwise client whose redirect_uris have several hosts (${[...hosts].join(', ')})` }
    }
  }
  const types = out.authorization_details_types
  if (types !== undefined && !(Array.isArray(types) && types.every((type) => typeof type === 'string' && type !== ''))) {
    return { field: 'authorization_details_types', problem: 'must be an array of non-empty strings' }
  }
  const alg = out.introspection_signed_response_alg
  if (alg !== undefined && !(SIGNING_ALGS as readonly unknown[]).includes(alg)) {
    return { field: 'introspection_signed_response_alg', problem: `'${String(alg)}' is not supported (${SIGNING_ALGS.join(', ')})` }
  }
  return undefined
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && !value.includes('#')
  } catch {
    return false
  }
}
