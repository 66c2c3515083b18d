/**
 * The refresh token grant, with rotation and reuse detection (RFC 9700 §4.14.2): a rotated-out
 * refresh token presented again revokes the whole grant.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokens
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
import { checkKeyBinding } from '../../add-ons/dpop/binding.js'
import { tokenAudience } from '../../add-ons/resource-indicators/index.js'
import { tokenAuthorizationDetails } from '../../add-ons/authorization-details/index.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams, spaceList } from '../../http/params.js'
import { issueTokens } from '../../tokens/issue.js'
import { findRefreshToken } from '../../tokens/refresh-token.js'
import type { GrantHandler } from './grant.js'

/**
 * The `refresh_token` grant, with rotation and reuse detection.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export const refreshTokenGrant: GrantHandler = {
  grantType: 'refresh_token',
  parameters: new Set(['refresh_token', 'scope', 'authorization_details']),

  async handle({ context, client, params, trace, dpop, commit }) {
    requireParams(params, 'refresh_token')
    const { grants, tokens, config } = context
    const found = findRefreshToken(context, params.refresh_token)
    if (!found) throw oauthError('invalid_grant', 'refresh token is invalid or has expired')
    const { key, record } = found
    if (record.client_id !== client.client_id) throw oauthError('invalid_grant', 'refresh token was issued to another client')
    trace.grant_id = record.grant_id
    if (record.rotated_at !== undefined) {
      grants.revoke(record.grant_id!)
      throw oauthError('invalid_grant', 'refresh token was already used; the grant is revoked')
    }
    if (!tokens.isActive(record)) throw oauthError('invalid_grant', 'refresh token is invalid, revoked or has expired')
    const grant = grants.get(record.grant_id)!
    const user = context.users.get(grant.sub)
    if (!user) throw oauthError('invalid_grant', 'the user of this grant no longer exists')
    checkKeyBinding(record.cnf?.jkt, dpop, 'the refresh token')

    // RFC 6749 §6: the scope may only narrow.
    const requested = params.scope !== undefined ? spaceList(params.scope) : record.scope
    const wider = requested.find((s) => !record.scope.includes(s))
    if (wider) throw oauthError('invalid_scope', `scope '${wider}' was not granted originally`)
    const audience = tokenAudience(context, client, params.resource, grant.resource)
    const authorizationDetails = tokenAuthorizationDetails(context, client, params.authorization_details, grant.authorization_details)
    commit()
    if (config.rotateRefreshToken) tokens.markRotated(key)
    trace.sub = grant.sub

    // Core §12.2: a new ID token with the same iss, sub, aud and auth_time, and no nonce. The new
    // refresh token has the grant's scope, which is the old one's.
    return issueTokens(context, { client, grant, user, scope: requested, refreshToken: config.rotateRefreshToken, dpop, audience, authorization_details: authorizationDetails })
  },
}
