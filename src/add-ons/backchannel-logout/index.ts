/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a login session ends (logout,
 * `op.endSession`, the user removed, expiry), the OP POSTs a logout token to every client the
 * session authorized that registered a `backchannel_logout_uri`. Deliveries run in the background;
 * each one's outcome is an event `backchannel_logout` of the OP's log.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html
 * @see ../../../docs/logout.md
 */
import type { AddOn } from '../add-on.js'
import { BACKCHANNEL_LOGOUT_EVENT_NAME, deliverLogoutToken } from './deliver.js'

export { BACKCHANNEL_LOGOUT_EVENT_NAME } from './deliver.js'
export { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_TYPE } from './logout-token.js'

/** How long the OP waits for an RP's answer by default, in ms. */
export const DEFAULT_BACKCHANNEL_LOGOUT_TIMEOUT = 5000

/** The options of {@link createBackchannelLogoutAddOn}. */
export interface BackchannelLogoutOptions {
  /** How long to wait for each RP's answer, in ms ({@link DEFAULT_BACKCHANNEL_LOGOUT_TIMEOUT}). */
  timeout?: number
}

/** The back-channel logout add-on, with its delivery timeout. */
export function createBackchannelLogoutAddOn({ timeout = DEFAULT_BACKCHANNEL_LOGOUT_TIMEOUT }: BackchannelLogoutOptions = {}): AddOn {
  return {
    name: 'backchannel-logout',
    endpoints: {},
    // §2.1: the OP supports it, and puts `sid` in ID tokens and (when asked) logout tokens.
    metadata: () => ({ backchannel_logout_supported: true, backchannel_logout_session_supported: true }),
    sessionEnded(input) {
      for (const clientId of Object.keys(input.session.grants_by_client ?? {})) {
        const client = input.context.clients.get(clientId)
        const uri = client?.backchannel_logout_uri
        if (client && uri) void deliverLogoutToken(input, { ...client, backchannel_logout_uri: uri }, timeout)
      }
    },
  }
}

/** Back-channel logout with the default timeout: one of the default add-ons. */
export const backchannelLogoutAddOn: AddOn = createBackchannelLogoutAddOn()

/** The names of the events this add-on reports, for `op.waitForRequest`. */
export type BackchannelLogoutEventName = typeof BACKCHANNEL_LOGOUT_EVENT_NAME
