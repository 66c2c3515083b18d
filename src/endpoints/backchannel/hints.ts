/**
 * Who a CIBA request is about: exactly one of `login_hint`, `id_token_hint` and
 * `login_hint_token` names a user of the OP, else `unknown_user_id`.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.1
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.13
 */
import { decodeJwt, type JWTPayload } from '../../internal/jose.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { Params } from '../../http/params.js'
import type { User } from '../../store/state.js'
import { verifyIdTokenHint } from '../authorization/request.js'
import { idTokenSubject } from '../../add-ons/pairwise/subject.js'

const HINTS = ['login_hint', 'id_token_hint', 'login_hint_token'] as const

/** The user the request's one hint names. */
export async function hintedUser(context: EndpointContext, params: Params): Promise<User> {
  const given = HINTS.filter((hint) => params[hint] !== undefined)
  if (given.length !== 1) {
    throw oauthError('invalid_request', `exactly one of ${HINTS.join(', ')} is required${given.length ? ` (got ${given.join(', ')})` : ''}`)
  }
  const hint = given[0]!
  const value = params[hint]!
  const { users } = context
  let user: User | undefined
  if (hint === 'login_hint') user = users.findByHint(value)
  else if (hint === 'id_token_hint') {
    const sub = idTokenSubject(context, await verifyIdTokenHint(context, value))
    user = typeof sub === 'string' ? users.get(sub) : undefined
  } else user = loginHintTokenUser(context, value)
  if (!user) throw oauthError('unknown_user_id', `${hint} names no user of this OP`)
  return user
}

/**
 * A `login_hint_token`: its format is left to the deployment (§7.1), so any JWT whose `sub`, or
 * `sub_id.sub` / `sub_id.email` (RFC 9493 subject identifiers), names a user; `exp` is honoured.
 */
function loginHintTokenUser(context: EndpointContext, token: string): User | undefined {
  let payload: JWTPayload
  try {
    payload = decodeJwt(token)
  } catch {
    throw oauthError('invalid_request', 'login_hint_token is not a JWT')
  }
  if (typeof payload.exp === 'number' && payload.exp <= context.clock.now()) {
    throw oauthError('expired_login_hint_token', 'login_hint_token has expired')
  }
  const subId = typeof payload.sub_id === 'object' && payload.sub_id !== null ? (payload.sub_id as Record<string, unknown>) : {}
  const named = [payload.sub, subId.sub, subId.email].find((value): value is string => typeof value === 'string')
  return named !== undefined ? context.users.get(named) ?? context.users.findByHint(named) : undefined
}
