/**
 * The back-channel logout request: the logout token POSTed form-encoded to the RP's
 * `backchannel_logout_uri`, bounded by a timeout, its outcome reported as an OP event. Nothing
 * here throws: an RP that is down, slow or answers an error never affects the logout.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCResponse
 */
import type { SessionEndInput } from '../add-on.js'
import type { ClientRecord } from '../../store/state.js'
import { logoutTokenClaims, mintLogoutToken } from './logout-token.js'

/** The name of the events of back-channel logout requests (`op.waitForRequest('backchannel_logout')`). */
export const BACKCHANNEL_LOGOUT_EVENT_NAME = 'backchannel_logout'

/** Sends the logout token of `input.session` to `client` and reports the outcome; never rejects. */
export async function deliverLogoutToken(input: SessionEndInput, client: ClientRecord & { backchannel_logout_uri: string }, timeout: number): Promise<void> {
  const { context, session, cause } = input
  const started = context.clock.nowMs()
  const claims = logoutTokenClaims(context, client, session)
  const report = (status: number, error?: string): void =>
    input.report({
      endpoint: BACKCHANNEL_LOGOUT_EVENT_NAME,
      method: 'POST',
      url: client.backchannel_logout_uri,
      status,
      started,
      duration: context.clock.nowMs() - started,
      client_id: client.client_id,
      sub: session.sub,
      params: { cause, jti: String(claims.jti), ...(claims.sid ? { sid: session.sid } : {}), ...(error ? { error } : {}) },
    })
  let logoutToken: string
  try {
    logoutToken = await mintLogoutToken(context, client, claims)
  } catch (problem) {
    // The client's encryption key is unusable (removed from its jwks_uri, a curve jose refuses…).
    report(0, `the logout token could not be made: ${problem instanceof Error ? problem.message : String(problem)}`)
    return
  }
  try {
    const request = new Request(client.backchannel_logout_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: logoutToken }),
      signal: AbortSignal.timeout(timeout),
    })
    const response = await input.fetch(request)
    await response.body?.cancel().catch(() => undefined)
    // §2.8: 200 on success (204 is taken too, as frameworks send it); 400 when the RP refused the token.
    report(response.status, response.ok ? undefined : `the RP answered ${response.status}`)
  } catch (problem) {
    const timedOut = problem instanceof Error && (problem.name === 'TimeoutError' || problem.name === 'AbortError')
    report(0, timedOut ? `no answer within ${timeout} ms` : `the RP could not be reached: ${String(problem)}`)
  }
}
