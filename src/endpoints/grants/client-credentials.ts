/**
 * The client credentials grant: a confidential client acting for itself. No refresh token
 * (RFC 6749 §4.4.3), no user scopes; `sub` is the client (RFC 9068 §2.2).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import { tokenType } from '../../add-ons/dpop/binding.js'
import { tokenAudience } from '../../add-ons/resource-indicators/index.js'
import { tokenAuthorizationDetails } from '../../add-ons/authorization-details/index.js'
import { oneOrMany } from '../../tokens/issue.js'
import { oauthError } from '../../errors/oauth-error.js'
import { spaceList } from '../../http/params.js'
import { mintAccessToken } from '../../tokens/access-token.js'
import type { GrantHandler } from './grant.js'

/** Scopes that only make sense for a user. */
const USER_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'address', 'phone'])

/**
 * The `client_credentials` grant: an access token for the client itself, with no user.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export const clientCredentialsGrant: GrantHandler = {
  grantType: 'client_credentials',
  parameters: new Set(['scope', 'authorization_details']),

  async handle({ context, client, params, trace, dpop, commit }) {
    if (client.token_endpoint_auth_method === 'none') {
      throw oauthError('unauthorized_client', 'client_credentials is for confidential clients only')
    }
    const allowed = client.scope !== undefined ? spaceList(client.scope) : context.config.scopes
    const requested = spaceList(params.scope)
    const refused = requested.find((s) => USER_SCOPES.has(s) || !allowed.includes(s))
    if (refused) throw oauthError('invalid_scope', `scope '${refused}' cannot be granted to a client acting for itself`)
    const audience = tokenAudience(context, client, params.resource)
    const authorizationDetails = tokenAuthorizationDetails(context, client, params.authorization_details)
    trace.sub = client.client_id
    commit()
    const access = await mintAccessToken(context, { client, scope: requested, jkt: dpop?.jkt, ...(audience ? { audience: oneOrMany(audience) } : {}), ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}) })
    return {
      access_token: access.token,
      token_type: tokenType(dpop?.jkt),
      expires_in: access.record.exp - access.record.iat,
      ...(requested.length ? { scope: requested.join(' ') } : {}),
      ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}),
    }
  },
}
