/**
 * The JARM response JWT: the authorization response parameters (or error) as claims, with `iss`,
 * `aud` and a short `exp`, signed with the client's `authorization_signed_response_alg`.
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.1
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { ClientRecord } from '../../store/state.js'
import { protocolFirst } from '../../tokens/claims.js'
import { encryptAuthorizationResponse } from './encryption.js'

/** How long a response JWT is valid: JARM §2.1 asks for a short lifetime (it suggests 10 minutes). */
export const RESPONSE_JWT_LIFETIME = 600

/**
 * Signs (and, once built, encrypts) the response parameters for `client`.
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.1
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-3
 */
export async function responseJwt(context: EndpointContext, client: ClientRecord, params: Record<string, string>): Promise<string> {
  const iat = context.clock.now()
  const claims = protocolFirst(params, { iss: context.issuer, aud: client.client_id, iat, exp: iat + RESPONSE_JWT_LIFETIME })
  const signed = await context.keyjar.sign(claims, client.authorization_signed_response_alg ?? 'RS256')
  return encryptAuthorizationResponse(context, client, signed)
}
