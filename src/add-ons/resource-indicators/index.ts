/**
 * Resource indicators (RFC 8707): `resource`, repeatable, at the authorization, pushed
 * authorization and token endpoints names the protected resources an access token is for; it
 * becomes the token's `aud`. Each value must be an absolute URI without a fragment, known to the
 * OP (`resourceIndicators.resources`) and allowed to the client (`resourceIndicators.clients`)
 * when those are configured; at the token endpoint it must be within what the grant authorized.
 * Anything else is `invalid_target`. The checks are called by name where they apply: at
 * authorization once the redirect URI is trusted, and by each grant before it commits.
 * @see https://www.rfc-editor.org/rfc/rfc8707
 */
import { isResourceUri } from '../../config/authorization-surface.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { spaceList } from '../../http/params.js'
import type { ClientRecord } from '../../store/state.js'

/**
 * The resources of an authorization request (the `resource` parameter, its values joined by a
 * space: see `collectParams`), checked; undefined when it sent none.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.1
 */
export function checkResource(context: EndpointContext, client: ClientRecord, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const resources = spaceList(value)
  const malformed = resources.find((resource) => !isResourceUri(resource))
  if (malformed !== undefined) throw oauthError('invalid_target', `resource '${malformed}' is not an absolute URI without a fragment (RFC 8707 §2)`)
  const { resources: known, clients } = context.config.resourceIndicators
  const allowed = Object.hasOwn(clients, client.client_id) ? clients[client.client_id] : undefined
  for (const resource of resources) {
    if (known && !known.includes(resource)) throw oauthError('invalid_target', `resource '${resource}' is not known to this OP`)
    if (allowed && !allowed.includes(resource)) throw oauthError('invalid_target', `client '${client.client_id}' may not ask for resource '${resource}'`)
  }
  return resources
}

/**
 * The `aud` of the access token a token request asks for: its `resource` values, which must be
 * within `granted` (the grant's) when the authorization named some; else the grant's resources;
 * else undefined (the configured audience).
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2
 */
export function tokenAudience(context: EndpointContext, client: ClientRecord, value: string | undefined, granted?: string[]): string[] | undefined {
  const requested = checkResource(context, client, value)
  if (!requested) return granted
  const outside = granted && requested.find((resource) => !granted.includes(resource))
  if (outside) throw oauthError('invalid_target', `resource '${outside}' was not authorized in this grant`)
  return requested
}
