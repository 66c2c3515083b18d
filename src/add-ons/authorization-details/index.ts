/**
 * Rich Authorization Requests (RFC 9396): `authorization_details`, a JSON array of objects each
 * with a `type`, at the authorization, pushed authorization and token endpoints. Types must be
 * among those the OP is configured with (`authorizationDetailsTypes`, published as
 * `authorization_details_types_supported`) and, when the client registered
 * `authorization_details_types`, among those; the common fields of §2.2 must have their shape.
 * What was authorized goes into the grant, the token response, the JWT access token and
 * introspection; a token request may only ask for details the grant holds. Anything else is
 * `invalid_authorization_details`.
 * @see https://www.rfc-editor.org/rfc/rfc9396
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { AuthorizationDetail, ClientRecord } from '../../store/state.js'
import type { AddOn } from '../add-on.js'

/** RFC 9396 §2.2: the common fields that are arrays of strings. */
const STRING_ARRAY_FIELDS = ['locations', 'actions', 'datatypes', 'privileges'] as const

const refuse = (why: string) => oauthError('invalid_authorization_details', why)

/**
 * The authorization details of a request, checked; undefined when it sent none.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-5
 */
export function checkAuthorizationDetails(context: EndpointContext, client: ClientRecord, value: string | undefined): AuthorizationDetail[] | undefined {
  if (value === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw refuse('authorization_details is not JSON')
  }
  if (!Array.isArray(parsed)) throw refuse('authorization_details must be a JSON array')
  const supported = context.config.authorizationDetailsTypes
  parsed.forEach((detail: unknown, i) => {
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) throw refuse(`authorization_details[${i}] must be an object`)
    const { type } = detail as Record<string, unknown>
    if (typeof type !== 'string' || type === '') throw refuse(`authorization_details[${i}].type must be a non-empty string`)
    if (!supported.includes(type)) throw refuse(`authorization_details type '${type}' is not supported (${supported.join(', ') || 'none configured'})`)
    if (client.authorization_details_types && !client.authorization_details_types.includes(type)) {
      throw refuse(`client '${client.client_id}' did not register authorization_details type '${type}'`)
    }
    for (const field of STRING_ARRAY_FIELDS) {
      const member = (detail as Record<string, unknown>)[field]
      if (member !== undefined && !(Array.isArray(member) && member.every((item) => typeof item === 'string'))) {
        throw refuse(`authorization_details[${i}].${field} must be an array of strings`)
      }
    }
  })
  return parsed as AuthorizationDetail[]
}

/**
 * The authorization details of a token request: each must be one the grant holds (RFC 9396 §6.1
 * leaves the policy to the OP; this one allows narrowing only); without the parameter, the grant's.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-6.1
 */
export function tokenAuthorizationDetails(context: EndpointContext, client: ClientRecord, value: string | undefined, granted?: AuthorizationDetail[]): AuthorizationDetail[] | undefined {
  const requested = checkAuthorizationDetails(context, client, value)
  if (!requested) return granted
  const held = new Set((granted ?? []).map(canonical))
  const outside = granted ? requested.findIndex((detail) => !held.has(canonical(detail))) : -1
  if (outside >= 0) throw refuse(`authorization_details[${outside}] was not authorized in this grant`)
  return requested
}

/** JSON with object members in name order, so that equal details compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonical(member)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * The `authorization-details` add-on: publishes the supported types (RFC 9396 §10.1) when some
 * are configured; the checks above are called by name.
 */
export const authorizationDetailsAddOn: AddOn = {
  name: 'authorization-details',
  endpoints: {},
  metadata: (context) => {
    const types = context.config.authorizationDetailsTypes
    return types.length ? { authorization_details_types_supported: [...types] } : {}
  },
}
