/**
 * What a DPoP proof binds at the token endpoint, and the bindings a request must honour: a code's
 * `dpop_jkt`, a refresh token's and an access token's `cnf.jkt`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
import { DPOP_SCHEME } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { ClientRecord } from '../../store/state.js'
import type { DPoPProof } from './proof.js'

/** A JWK SHA-256 thumbprint: base64url of 32 bytes (`dpop_jkt`, `cnf.jkt`, RFC 7638). */
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/

/**
 * §5: `DPoP` for an access token bound to a key, else `Bearer` (RFC 6750).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export function tokenType(jkt: string | undefined): 'DPoP' | 'Bearer' {
  return jkt ? DPOP_SCHEME : 'Bearer'
}

/**
 * §5: the key a new refresh token is bound to. Only public clients' refresh tokens are: a
 * confidential client's are already sender-constrained by its authentication; `bindAll` (a
 * security profile, docs/fapi2.md) binds those too.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export function refreshTokenJkt(client: ClientRecord, proof: DPoPProof | undefined, bindAll = false): string | undefined {
  return bindAll || client.token_endpoint_auth_method === 'none' ? proof?.jkt : undefined
}

/**
 * §5 (a bound refresh token), §10 (a code bound with `dpop_jkt`): the request must carry a proof
 * of that very key.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
export function checkKeyBinding(jkt: string | undefined, proof: DPoPProof | undefined, what: string): void {
  if (jkt === undefined) return
  if (!proof) throw oauthError('invalid_request', `${what} is bound to a DPoP key: the request needs a DPoP header with a proof of that key`)
  if (proof.jkt !== jkt) throw oauthError('invalid_grant', `${what} is bound to another DPoP key than the one of the proof`)
}

/**
 * §10: `dpop_jkt` in an authorization request is the JWK SHA-256 thumbprint of the DPoP key the
 * code is to be bound to.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
export function checkDpopJkt(value: string | undefined): void {
  if (value !== undefined && !JWK_THUMBPRINT.test(value)) {
    throw oauthError('invalid_request', 'dpop_jkt must be a JWK SHA-256 thumbprint: 43 base64url characters')
  }
}

/**
 * §7.1–7.2: at a protected resource, a DPoP-bound token only with the DPoP scheme and a proof of
 * its key; an unbound token only as a Bearer token.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.2
 */
export function checkTokenBinding(jkt: string | undefined, proof: DPoPProof | undefined): void {
  if (!proof && jkt !== undefined) {
    throw oauthError('invalid_token', 'the access token is DPoP-bound: send it with the DPoP scheme and a DPoP proof (RFC 9449 §7.2)')
  }
  if (proof && jkt === undefined) throw oauthError('invalid_token', 'the access token is not DPoP-bound: send it with the Bearer scheme')
  if (proof && proof.jkt !== jkt) throw oauthError('invalid_token', 'the DPoP proof is not signed with the key the access token is bound to')
}
