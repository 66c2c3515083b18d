/**
 * An essential `acr` the OP cannot meet (OIDC Core §5.5.1.1: "MUST treat that outcome as a failed
 * authentication attempt"): the request asks, in its `claims` parameter, for `acr` as essential
 * with values of which the OP supports none (`acrValues`). It is answered with the error that the
 * Unmet Authentication Requirements specification defines for this case, instead of a code.
 * Without `acrValues` configured, every value is supported (see `acrFor`), so nothing is unmet.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#acrSemantics
 * @see https://openid.net/specs/openid-connect-unmet-authentication-requirements-1_0.html
 */
import { requestedAcrValues } from '../../claims/claims-request.js'
import { oauthError } from '../../errors/oauth-error.js'
import { ownGet } from '../../store/own.js'
import type { ClaimsRequest } from '../../store/state.js'

/** Throws `unmet_authentication_requirements` when `claims` asks for an essential `acr` none of `supported` meets. */
export function checkEssentialAcr(claims: ClaimsRequest | undefined, supported: readonly string[]): void {
  const member = claims?.id_token && ownGet(claims.id_token, 'acr')
  if (!member?.essential || supported.length === 0) return
  const requested = requestedAcrValues(claims)
  if (requested.length === 0 || requested.some((value) => supported.includes(value))) return
  throw oauthError('unmet_authentication_requirements', `the essential acr (${requested.join(', ')}) cannot be met: this OP supports ${supported.join(', ')}`)
}
