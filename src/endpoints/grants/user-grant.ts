/**
 * Shared by the grants that mint tokens for a user without the authorization endpoint (JWT bearer,
 * password, token exchange): the scopes a client may ask for, and the grant their tokens live under.
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { spaceList } from '../../http/params.js'
import type { NewGrant } from '../../store/slices/grants.js'
import type { ClientRecord, Grant } from '../../store/state.js'

/** The scopes a client may request: its registered `scope`, else every scope the OP supports. */
export function allowedScopes(context: EndpointContext, client: ClientRecord): string[] {
  return client.scope !== undefined ? spaceList(client.scope) : context.config.scopes
}

/**
 * The requested scope when each of its values is within `allowed`, else `invalid_scope`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function narrowScope(requested: string[], allowed: readonly string[], what: string): string[] {
  const wider = requested.find((scope) => !allowed.includes(scope))
  if (wider) throw oauthError('invalid_scope', `scope '${wider}' is beyond ${what}`)
  return requested
}

/**
 * A grant for what this request issues, so that introspection, revocation, UserInfo and the
 * refresh grant treat its tokens like those of an authorization. Call after `commit()`.
 */
export function grantFor(context: EndpointContext, client: ClientRecord, sub: string, scope: string[], extra: Partial<NewGrant> = {}): Grant {
  return context.grants.create({ auth_time: context.clock.now(), ...extra, client_id: client.client_id, sub, scope })
}
