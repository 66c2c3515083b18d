/**
 * The per-request checks of the FAPI 2.0 add-on. They run after client authentication (which has
 * verified the assertion's signature, so decoding it here is safe) and before the endpoint acts.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 */
import { decodeJwt, decodeProtectedHeader } from '../../internal/jose.js'
import { FAPI2_SIGNING_ALGS } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { BeforeProcessInput, HookInput } from '../add-on.js'

const ALLOWED: readonly string[] = FAPI2_SIGNING_ALGS

/**
 * A client assertion signed with PS256, ES256 or EdDSA (§5.4, so RS256 is refused) whose `aud`
 * is the issuer identifier as a string (§5.3.2.1: the only form the AS accepts).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 */
export function checkAssertionForm({ context, params }: BeforeProcessInput): void {
  const assertion = params.client_assertion
  if (assertion === undefined) return
  const { alg } = decodeProtectedHeader(assertion)
  if (!alg || !ALLOWED.includes(alg)) {
    throw oauthError('invalid_client', `client_assertion alg '${alg}' is not allowed under the FAPI 2.0 profile (${ALLOWED.join(', ')}, §5.4)`)
  }
  if (decodeJwt(assertion).aud !== context.issuer) {
    throw oauthError('invalid_client', 'client_assertion aud must be the issuer identifier, as a string (FAPI 2.0 §5.3.2.1)')
  }
}

/**
 * Sender-constrained access tokens (§5.3.2.1), by DPoP (mTLS is out of reach of this OP's hosts):
 * every token request carries a proof, signed with an allowed algorithm (§5.4).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 */
export function checkDPoPRequired({ req }: BeforeProcessInput): void {
  if (!req.slots.dpop) {
    throw oauthError('invalid_request', 'the FAPI 2.0 profile requires sender-constrained tokens: send a DPoP proof in the DPoP header (§5.3.2.1)')
  }
  const { alg } = decodeProtectedHeader(req.request.headers.get('dpop')!)
  if (!alg || !ALLOWED.includes(alg)) {
    throw oauthError('invalid_dpop_proof', `DPoP proof alg '${alg}' is not allowed under the FAPI 2.0 profile (${ALLOWED.join(', ')}, §5.4)`)
  }
}

/**
 * The code flow only (§5.3.2.2): implicit and hybrid response types are refused where requests
 * enter, at the PAR endpoint (the authorization endpoint takes pushed requests only).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.2
 */
export function checkResponseType({ params }: HookInput): void {
  if (params.response_type !== undefined && params.response_type !== 'code') {
    throw oauthError('unsupported_response_type', `response_type '${params.response_type}' is not allowed under the FAPI 2.0 profile (code only, §5.3.2.2)`)
  }
}
