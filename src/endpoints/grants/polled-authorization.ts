/**
 * The token request of the grants a client polls (device code, CIBA): the same answers while the
 * user decides, and tokens once, when approved.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.11
 */
import { oauthError } from '../../errors/oauth-error.js'
import type { PendingAuthorizationsActions } from '../../store/slices/pending-authorizations.js'
import type { PendingAuthorization } from '../../store/state.js'
import { grantsRefreshToken, issueTokens } from '../../tokens/issue.js'
import type { GrantHandlerInput } from './grant.js'

/** What the grant polls: its records, the handle the client sent, and how to name it in errors. */
export interface PolledAuthorization<R extends PendingAuthorization> {
  records: PendingAuthorizationsActions<R>
  handle: string
  /** `device_code` or `auth_req_id`. */
  name: string
  /** The `acr` the approval carries, if any. */
  acr?: (record: R) => string | undefined
}

/**
 * Answers a poll: `invalid_grant` for an unknown handle or another client's, `expired_token`,
 * `access_denied`, `slow_down` (polled sooner than the interval, which grows by 5 s) or
 * `authorization_pending`; once approved, the tokens (an ID token with `openid`), and only once.
 */
export async function redeemPolled<R extends PendingAuthorization>(
  { context, client, trace, dpop, commit }: GrantHandlerInput,
  { records, handle, name, acr }: PolledAuthorization<R>,
): Promise<object> {
  const found = records.find(handle)
  if (!found || found.record.client_id !== client.client_id) throw oauthError('invalid_grant', `${name} is invalid or was issued to another client`)
  const { key, record } = found
  if (record.expires_at <= context.clock.now()) throw oauthError('expired_token', `the ${name} has expired: start again`)
  if (record.status === 'denied') throw oauthError('access_denied', 'the user denied the authorization')
  if (record.status === 'pending') {
    if (records.poll(key) === 'slow_down') throw oauthError('slow_down', `polled too often: wait at least ${record.interval} seconds between requests`)
    throw oauthError('authorization_pending', 'the user has not decided yet')
  }
  const user = context.users.get(record.sub!)
  if (!user) throw oauthError('invalid_grant', 'the user who approved no longer exists')
  commit()
  if (!records.take(key)) throw oauthError('invalid_grant', `the ${name} was already used`)
  const chosenAcr = acr?.(record)
  const grant = context.grants.create({
    client_id: client.client_id,
    sub: user.sub,
    scope: record.scope,
    auth_time: record.auth_time ?? context.clock.now(),
    ...(chosenAcr ? { acr: chosenAcr } : {}),
  })
  trace.grant_id = grant.id
  trace.sub = user.sub
  return issueTokens(context, { client, grant, user, scope: grant.scope, refreshToken: grantsRefreshToken(client, grant.scope), dpop })
}
