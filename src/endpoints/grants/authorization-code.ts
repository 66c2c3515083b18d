/**
 * The authorization code grant.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 * @see https://openid.net/specs/openid-connect-core-1_0.html#TokenRequestValidation
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
import { checkKeyBinding } from '../../add-ons/dpop/binding.js'
import { checkCodeVerifier } from '../../add-ons/pkce/index.js'
import { tokenAudience } from '../../add-ons/resource-indicators/index.js'
import { tokenAuthorizationDetails } from '../../add-ons/authorization-details/index.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams } from '../../http/params.js'
import type { GrantsSlice } from '../../store/slices/grants.js'
import type { AuthorizationCodeRecord } from '../../store/state.js'
import { grantsRefreshToken, issueTokens } from '../../tokens/issue.js'
import type { GrantHandler } from './grant.js'

/**
 * The `authorization_code` grant: a single-use code, its redirect URI and PKCE verifier, for tokens.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export const authorizationCodeGrant: GrantHandler = {
  grantType: 'authorization_code',
  parameters: new Set(['code', 'redirect_uri', 'code_verifier', 'authorization_details']),

  async handle({ context, client, params, trace, dpop, commit }) {
    requireParams(params, 'code')
    const { codes, grants } = context
    const found = codes.find(params.code)
    if (!found) throw oauthError('invalid_grant', 'authorization code is invalid or has expired')
    const { key, record } = found
    if (record.client_id !== client.client_id) throw oauthError('invalid_grant', 'authorization code was issued to another client')
    trace.grant_id = record.grant_id

    if (record.redeemed_at !== undefined) refuseReuse(grants, record.grant_id)
    checkRedirectUri(record, params.redirect_uri)
    checkCodeVerifier(record, params.code_verifier)
    checkKeyBinding(record.dpop_jkt, dpop, 'the authorization code (dpop_jkt)')

    const grant = grants.get(record.grant_id)
    if (!grant || grant.revoked) throw oauthError('invalid_grant', 'the authorization behind this code was revoked')
    const user = context.users.get(grant.sub)
    if (!user) throw oauthError('invalid_grant', 'the user of this authorization no longer exists')
    const audience = tokenAudience(context, client, params.resource, grant.resource)
    const authorizationDetails = tokenAuthorizationDetails(context, client, params.authorization_details, grant.authorization_details)
    // Single use, the code and what the add-ons spend at commit (the DPoP proof): consumed after the
    // last await, so that of concurrent requests only one wins.
    commit()
    if (!codes.markRedeemed(key)) refuseReuse(grants, record.grant_id)
    trace.sub = grant.sub

    return issueTokens(context, {
      client,
      grant,
      user,
      scope: grant.scope,
      ...(record.nonce !== undefined ? { nonce: record.nonce } : {}),
      refreshToken: grantsRefreshToken(client, grant.scope),
      dpop,
      audience,
      authorization_details: authorizationDetails,
    })
  },
}

/** RFC 6749 §4.1.2: a code used twice is refused, and what it issued is revoked. */
function refuseReuse(grants: GrantsSlice, grantId: string): never {
  grants.revoke(grantId)
  throw oauthError('invalid_grant', 'authorization code was already used; the tokens it issued are revoked')
}

/** RFC 6749 §4.1.3: required, and identical, when the authorization request carried it. */
function checkRedirectUri(record: AuthorizationCodeRecord, given: string | undefined): void {
  if (given === undefined) {
    if (record.redirect_uri_sent) throw oauthError('invalid_grant', "redirect_uri is required: the authorization request sent one")
    return
  }
  if (given !== record.redirect_uri) throw oauthError('invalid_grant', 'redirect_uri does not match the one of the authorization request')
}
