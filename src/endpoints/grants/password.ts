/**
 * The resource owner password credentials grant, a legacy grant that OAuth 2.1 removes: only for
 * clients that list `password` in their `grant_types`, and users that carry a `password`. A wrong
 * username and a wrong password get the same answer.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1#section-10.1
 */
import { OptionalGrantType } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams, spaceList } from '../../http/params.js'
import { timingSafeEqual } from '../../internal/hash.js'
import { grantsRefreshToken, issueTokens } from '../../tokens/issue.js'
import type { GrantHandler } from './grant.js'
import { allowedScopes, grantFor, narrowScope } from './user-grant.js'

/** The password grant. */
export const passwordGrant: GrantHandler = {
  grantType: OptionalGrantType.password,
  parameters: new Set(['username', 'password', 'scope']),

  async handle({ context, client, params, trace, dpop, commit }) {
    requireParams(params, 'username', 'password')
    // The username is matched as a login_hint is: sub, email or preferred_username.
    const user = context.users.findByHint(params.username)
    const expected = user?.password
    if (!user || typeof expected !== 'string' || !timingSafeEqual(params.password, expected)) {
      throw oauthError('invalid_grant', 'the username or password is wrong')
    }
    const scope = narrowScope(spaceList(params.scope), allowedScopes(context, client), "the client's scope")
    commit()
    const grant = grantFor(context, client, user.sub, scope, { amr: ['pwd'] })
    trace.grant_id = grant.id
    trace.sub = user.sub
    return issueTokens(context, { client, grant, user, scope, refreshToken: grantsRefreshToken(client, scope), dpop })
  },
}
