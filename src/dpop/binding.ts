/**
 * What a DPoP proof binds at the token endpoint, and the bindings a token request must honour.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
import { DPOP_SCHEME } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import type { DPoPProof } from './proof.js'

/** §5: `DPoP` for an access token bound to a key, else `Bearer` (RFC 6750). */
export function tokenType(jkt: string | undefined): 'DPoP' | 'Bearer' {
  return jkt ? DPOP_SCHEME : 'Bearer'
}

/**
 * §5: the key a new refresh token is bound to. Only public clients' refresh tokens are: a
 * confidential client's are already sender-constrained by its authentication.
 */
export function refreshTokenJkt(client: ClientRecord, proof: DPoPProof | undefined): string | undefined {
  return client.token_endpoint_auth_method === 'none' ? proof?.jkt : undefined
}

/**
 * §5 (a bound refresh token), §10 (a code bound with `dpop_jkt`): the request must carry a proof
 * of that very key.
 */
export function checkKeyBinding(jkt: string | undefined, proof: DPoPProof | undefined, what: string): void {
  if (jkt === undefined) return
  if (!proof) throw oauthError('invalid_request', `${what} is bound to a DPoP key: the request needs a DPoP header with a proof of that key`)
  if (proof.jkt !== jkt) throw oauthError('invalid_grant', `${what} is bound to another DPoP key than the one of the proof`)
}
