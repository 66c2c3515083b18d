/**
 * The authorization request a request object makes: its claims replace the query or form
 * (RFC 9101 §5: "the authorization server MUST only use the parameters in the Request Object"),
 * but `client_id`, which must match, and `response_type`, which OIDC Core §6.1 has the client send
 * outside too: it must match, and is taken from outside only when the object has none.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-5
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RequestObject
 */
import type { JWTPayload } from 'jose'
import type { Params } from '../../http/params.js'
import { invalidRequestObject } from './read.js'

/** The JWT's own claims (RFC 7519 §4.1): not authorization parameters. */
const JWT_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sub'])

/**
 * Replaces `params` (in place, as the hooks' parameters are the endpoint's) by the object's
 * `claims`. Objects and arrays (`claims`, `authorization_details`) become their JSON text.
 */
export function assembleParams(params: Params, claims: JWTPayload, maxValue: number): void {
  const outside = { client_id: params.client_id, response_type: params.response_type }
  if (typeof claims.response_type === 'string' && outside.response_type !== undefined && claims.response_type !== outside.response_type) {
    throw invalidRequestObject('response_type in the request object does not match the request (OIDC Core §6.1)')
  }
  const assembled: Params = Object.create(null) as Params
  for (const [name, value] of Object.entries(claims)) {
    if (JWT_CLAIMS.has(name) || value === null || value === undefined) continue
    const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
    if (text.length > maxValue) throw invalidRequestObject(`'${name}' in the request object is longer than ${maxValue} characters`)
    if (text !== '') assembled[name] = text
  }
  if (outside.client_id !== undefined) assembled.client_id = outside.client_id
  if (assembled.response_type === undefined && outside.response_type !== undefined) assembled.response_type = outside.response_type
  for (const name of Object.keys(params)) delete params[name]
  Object.assign(params, assembled)
}
