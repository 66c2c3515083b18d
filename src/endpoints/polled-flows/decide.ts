/**
 * The user's step of the polled flows without a page: `op.approveDevice`, `op.denyDevice`,
 * `op.approveBackchannel`, `op.denyBackchannel` (and CIBA's approve-at-once setting).
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { ConfigurationError } from '../../errors/oauth-error.js'
import { sendPing } from '../backchannel/ping.js'

/** The user who approves: `sub` when given (it must exist), else `fallback`, else the first user. */
function approver(context: EndpointContext, sub: string | undefined, fallback?: string): string {
  const chosen = sub ?? fallback ?? context.users.list()[0]?.sub
  if (chosen === undefined || !context.users.get(chosen)) throw new ConfigurationError('sub', `no user '${chosen ?? ''}' at this OP`)
  return chosen
}

/**
 * Approves (with `sub`, default the first user) or denies the device authorization of a user
 * code. False when the code is unknown, expired or decided already.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function decideDevice(context: EndpointContext, userCode: string, approve: boolean, sub?: string): boolean {
  const found = context.deviceCodes.findByUserCode(userCode)
  if (!found) return false
  return context.deviceCodes.decide(found.key, approve ? { approve: true, sub: approver(context, sub) } : { approve: false })
}

/**
 * Approves (as `sub`, default the hinted user) or denies a CIBA request; in ping mode the client
 * is then notified, without waiting. False when unknown, expired or decided already.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.2
 */
export function decideBackchannel(context: EndpointContext, authReqId: string, approve: boolean, sub?: string): boolean {
  const found = context.backchannelRequests.find(authReqId)
  if (!found) return false
  const { key, record } = found
  const decided = context.backchannelRequests.decide(key, approve ? { approve: true, sub: approver(context, sub, record.sub) } : { approve: false })
  const endpoint = context.clients.get(record.client_id)?.backchannel_client_notification_endpoint
  if (decided && record.delivery_mode === 'ping' && endpoint && record.client_notification_token) {
    void sendPing(context, { key, authReqId, endpoint, clientNotificationToken: record.client_notification_token })
  }
  return decided
}
