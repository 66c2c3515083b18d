/**
 * Client metadata under the FAPI 2.0 Security Profile (`profile: 'fapi2'`): what a client may
 * register, for configured clients (a ConfigurationError naming the field) and dynamic
 * registration (`invalid_client_metadata`) alike. Metadata that would let a client out of the
 * profile is refused, never dropped.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 */
import { FAPI2_SIGNING_ALGS } from '../consts.js'
import type { ClientMetadata } from '../store/client-metadata.js'

/** The defaults that differ under the profile: private_key_jwt (§5.3.2.1), PS256 ID tokens (§5.4). */
export const FAPI2_CLIENT_DEFAULTS = { token_endpoint_auth_method: 'private_key_jwt', id_token_signed_response_alg: 'PS256' } as const

/** Grant types the profile leaves out: §5.3.2.1 refuses the resource owner password credentials grant. */
const REFUSED_GRANT_TYPES = new Set(['password', 'implicit'])

/** The first member that contradicts the profile: its field and why (the validator throws it). */
export interface Fapi2MetadataProblem {
  field: string
  problem: string
}

/** The metadata the rules read, defaults applied. */
type CheckedMetadata = ClientMetadata & { token_endpoint_auth_method: string; grant_types: string[]; response_types: string[] }

/** The first member of `metadata` that contradicts the profile, or undefined. */
export function fapi2MetadataProblem(metadata: CheckedMetadata): Fapi2MetadataProblem | undefined {
  try {
    checkFapi2Metadata(metadata)
    return undefined
  } catch (problem) {
    if (problem instanceof Fapi2Refusal) return { field: problem.field, problem: problem.problem }
    throw problem
  }
}

class Fapi2Refusal extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}

function checkFapi2Metadata(metadata: CheckedMetadata): void {
  // §5.3.2.1: confidential clients only, authenticated with private_key_jwt (or mTLS, which no host here offers).
  if (metadata.token_endpoint_auth_method !== 'private_key_jwt') {
    throw new Fapi2Refusal('token_endpoint_auth_method', "must be 'private_key_jwt' under the FAPI 2.0 profile (§5.3.2.1)")
  }
  // §5.4: PS256, ES256 or EdDSA, for what the client signs and what it asks the OP to sign.
  for (const field of ['token_endpoint_auth_signing_alg', 'id_token_signed_response_alg', 'userinfo_signed_response_alg'] as const) {
    const alg = metadata[field]
    if (alg !== undefined && !(FAPI2_SIGNING_ALGS as readonly string[]).includes(alg)) {
      throw new Fapi2Refusal(field, `'${alg}' is not allowed under the FAPI 2.0 profile (${FAPI2_SIGNING_ALGS.join(', ')}, §5.4)`)
    }
  }
  metadata.grant_types.forEach((grant, i) => {
    if (REFUSED_GRANT_TYPES.has(grant)) throw new Fapi2Refusal(`grant_types[${i}]`, `'${grant}' is not allowed under the FAPI 2.0 profile (§5.3.2.1)`)
  })
  // §5.3.2.2: the code flow only; no implicit or hybrid response types.
  metadata.response_types.forEach((type, i) => {
    if (type !== 'code') throw new Fapi2Refusal(`response_types[${i}]`, `'${type}' is not allowed under the FAPI 2.0 profile (code only, §5.3.2.2)`)
  })
  // §5.3.2.2 (PAR) and §5.3.2.1 (sender-constrained tokens): a client cannot opt out.
  for (const field of ['require_pushed_authorization_requests', 'dpop_bound_access_tokens'] as const) {
    if (metadata[field] === false) throw new Fapi2Refusal(field, 'cannot be false under the FAPI 2.0 profile')
  }
}
