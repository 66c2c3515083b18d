/**
 * The JWT bearer grant: a JWT assertion, signed by the client itself (its `jwks`/`jwks_uri`, or
 * its secret with HMAC) or by a trusted issuer (`jwtBearer.trustedIssuers`), stands for the user
 * its `sub` names. Every failed check is `invalid_grant` (§3.1).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
import { clientKeys } from '../../client-auth/private-key-jwt.js'
import { OptionalGrantType, PRIVATE_KEY_JWT_ALGS, SECRET_JWT_ALGS } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams, spaceList } from '../../http/params.js'
import type { ClientRecord } from '../../store/state.js'
import { grantsRefreshToken, issueTokens } from '../../tokens/issue.js'
import type { GrantHandler } from './grant.js'
import { CLOCK_TOLERANCE, trustedIssuerKeys, unverifiedIssuer, verifyJwt, type JwtChecks } from './trusted-jwt.js'
import { allowedScopes, grantFor, narrowScope } from './user-grant.js'

/** §3 item 4: an `exp` further ahead than this (seconds) is refused. */
export const MAX_ASSERTION_LIFETIME = 3600

/** The JWT bearer grant. */
export const jwtBearerGrant: GrantHandler = {
  grantType: OptionalGrantType.jwt_bearer,
  parameters: new Set(['assertion', 'scope']),

  async handle({ context, client, params, trace, dpop, commit }) {
    requireParams(params, 'assertion')
    const iss = unverifiedIssuer(params.assertion)
    if (!iss) throw oauthError('invalid_grant', 'assertion is not a JWT with an iss claim')
    const keys = assertionKeys(context, client, iss)
    const audience = [context.issuer]
    const tokenUrl = context.endpointUrl('token')
    if (tokenUrl) audience.push(tokenUrl)
    const payload = await verifyJwt(context, params.assertion, iss, { ...keys, audience, requiredClaims: ['sub', 'exp'], error: 'invalid_grant', what: 'assertion' })
    const now = context.clock.now()
    if (payload.exp! > now + MAX_ASSERTION_LIFETIME) throw oauthError('invalid_grant', `assertion exp is more than ${MAX_ASSERTION_LIFETIME} s ahead`)
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE) throw oauthError('invalid_grant', 'assertion iat is in the future')
    const user = context.users.get(payload.sub!)
    if (!user) throw oauthError('invalid_grant', `assertion sub '${payload.sub}' is not a user of this OP`)
    const scope = narrowScope(spaceList(params.scope), allowedScopes(context, client), "the client's scope")

    commit()
    // §3 item 7: a jti seen before is a replay (kept until the assertion's exp).
    if (typeof payload.jti === 'string' && !context.replay.rememberAssertion(`jwt-bearer ${iss}`, payload.jti, payload.exp!)) {
      throw oauthError('invalid_grant', 'assertion jti was used before (replay)')
    }
    const grant = grantFor(context, client, user.sub, scope)
    trace.grant_id = grant.id
    trace.sub = user.sub
    return issueTokens(context, { client, grant, user, scope, refreshToken: grantsRefreshToken(client, scope), dpop })
  },
}

/** The client's own keys when it signed the assertion (iss = client_id), else the trusted issuer's. */
function assertionKeys(context: EndpointContext, client: ClientRecord, iss: string): Pick<JwtChecks, 'keys' | 'algorithms'> {
  if (iss === client.client_id) {
    if (client.jwks || client.jwks_uri) return { keys: clientKeys(client, context.remoteKeySets), algorithms: PRIVATE_KEY_JWT_ALGS }
    if (typeof client.client_secret === 'string') return { keys: new TextEncoder().encode(client.client_secret), algorithms: SECRET_JWT_ALGS }
    throw oauthError('invalid_grant', 'the client has no keys (jwks, jwks_uri) nor secret to verify its assertion with')
  }
  const trusted = trustedIssuerKeys(context, context.config.jwtBearer?.trustedIssuers ?? [], iss)
  if (!trusted) throw oauthError('invalid_grant', `assertion issuer '${iss}' is neither the client nor a trusted issuer`)
  return trusted
}
