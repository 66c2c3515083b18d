/**
 * The refresh token grant, with rotation and reuse detection (RFC 9700 §4.14.2): a rotated-out
 * refresh token presented again revokes the whole grant.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokens
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
import { checkKeyBinding, refreshTokenJkt, tokenType } from '../../dpop/binding.js'
import { spendDPoPProof } from '../../dpop/proof.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams, spaceList } from '../../http/params.js'
import { mintAccessToken } from '../../tokens/access-token.js'
import { mintIdToken } from '../../tokens/id-token.js'
import { findRefreshToken, mintRefreshToken } from '../../tokens/refresh-token.js'
import type { GrantHandler } from './grant.js'

export const refreshTokenGrant: GrantHandler = {
  grantType: 'refresh_token',
  parameters: new Set(['refresh_token', 'scope']),

  async handle({ context, client, params, trace, dpop }) {
    requireParams(params, 'refresh_token')
    const { sessions, config } = context
    const found = await findRefreshToken(context, params.refresh_token!)
    if (!found) throw oauthError('invalid_grant', 'refresh token is invalid or has expired')
    const { key, record } = found
    if (record.client_id !== client.client_id) throw oauthError('invalid_grant', 'refresh token was issued to another client')
    trace.grant_id = record.grant_id
    if (record.rotated_at !== undefined) {
      sessions.revokeGrant(record.grant_id!)
      throw oauthError('invalid_grant', 'refresh token was already used; the grant is revoked')
    }
    if (!sessions.isActive(record)) throw oauthError('invalid_grant', 'refresh token is invalid, revoked or has expired')
    const grant = sessions.grant(record.grant_id)!
    const user = context.users.get(grant.sub)
    if (!user) throw oauthError('invalid_grant', 'the user of this grant no longer exists')
    checkKeyBinding(record.cnf?.jkt, dpop, 'the refresh token')

    // RFC 6749 §6: the scope may only narrow.
    const requested = params.scope !== undefined ? spaceList(params.scope) : record.scope
    const wider = requested.find((s) => !record.scope.includes(s))
    if (wider) throw oauthError('invalid_scope', `scope '${wider}' was not granted originally`)
    spendDPoPProof(context, dpop)
    if (config.rotateRefreshToken) sessions.markRotated(key)
    trace.sub = grant.sub

    const access = await mintAccessToken(context, { client, scope: requested, grant, user, jkt: dpop?.jkt })
    const response: Record<string, unknown> = {
      access_token: access.token,
      token_type: tokenType(dpop?.jkt),
      expires_in: access.record.exp - access.record.iat,
      scope: requested.join(' '),
    }
    // Core §12.2: same iss, sub, aud and auth_time; no nonce.
    if (requested.includes('openid')) response.id_token = await mintIdToken(context, { client, grant, user, accessToken: access.token })
    if (config.rotateRefreshToken) response.refresh_token = (await mintRefreshToken(context, client, grant, record.scope, refreshTokenJkt(client, dpop))).token
    return response
  },
}
