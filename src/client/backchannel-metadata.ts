/**
 * The CIBA client metadata: poll and ping delivery are supported; push mode, signed
 * authentication requests and the `user_code` parameter are not, so metadata asking for them is
 * refused rather than dropped.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.4
 */
import { GrantType } from '../consts.js'

/** A refused member: which field, and why. */
export interface BackchannelProblem {
  field: string
  problem: string
}

/** The CIBA metadata names the validator reads. */
export const BACKCHANNEL_FIELDS = [
  'backchannel_token_delivery_mode',
  'backchannel_client_notification_endpoint',
  'backchannel_authentication_request_signing_alg',
  'backchannel_user_code_parameter',
] as const

/** The delivery modes the OP offers (`backchannel_token_delivery_modes_supported`). */
export const BACKCHANNEL_DELIVERY_MODES = ['poll', 'ping'] as const

/** The first problem of the CIBA members of `out` (metadata being validated), if any. */
export function backchannelMetadataProblem(out: Record<string, unknown>, grantTypes: readonly string[]): BackchannelProblem | undefined {
  const mode = out.backchannel_token_delivery_mode
  if (mode !== undefined && !(BACKCHANNEL_DELIVERY_MODES as readonly unknown[]).includes(mode)) {
    return problem('backchannel_token_delivery_mode', `'${String(mode)}' is not supported (${BACKCHANNEL_DELIVERY_MODES.join(', ')})`)
  }
  const endpoint = out.backchannel_client_notification_endpoint
  if (endpoint !== undefined) {
    let url: URL | undefined
    try {
      url = typeof endpoint === 'string' ? new URL(endpoint) : undefined
    } catch {
      url = undefined
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash) {
      return problem('backchannel_client_notification_endpoint', 'must be an absolute https (or http) URL without fragment')
    }
  }
  if (mode === 'ping' && endpoint === undefined) {
    return problem('backchannel_client_notification_endpoint', 'is required for the ping delivery mode')
  }
  if (out.backchannel_authentication_request_signing_alg !== undefined) {
    return problem('backchannel_authentication_request_signing_alg', 'signed authentication requests are not supported')
  }
  if (out.backchannel_user_code_parameter !== undefined && out.backchannel_user_code_parameter !== false) {
    return problem('backchannel_user_code_parameter', 'the user_code parameter is not supported')
  }
  if (mode !== undefined && !grantTypes.includes(GrantType.ciba)) {
    return problem('backchannel_token_delivery_mode', `needs the '${GrantType.ciba}' grant type`)
  }
  return undefined
}

function problem(field: string, why: string): BackchannelProblem {
  return { field, problem: why }
}
