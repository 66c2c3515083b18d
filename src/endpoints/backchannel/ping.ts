/**
 * The ping callback of CIBA's ping mode: once the user has decided, the OP POSTs the
 * `auth_req_id` to the client's notification endpoint, with the client's token as Bearer.
 * Through the global `fetch` (msw handlers of a Node test receive it); never awaited by the
 * decision, and a failure is noted on the request rather than thrown.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.2
 */
import type { EndpointContext } from '../../context/endpoint-context.js'

/** Who to ping, and with what. */
export interface PingTarget {
  key: string
  authReqId: string
  endpoint: string
  clientNotificationToken: string
}

/** Sends the ping; resolves when it is answered or has failed (the failure noted on the request). */
export async function sendPing(context: EndpointContext, { key, authReqId, endpoint, clientNotificationToken }: PingTarget): Promise<void> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientNotificationToken}` },
      body: JSON.stringify({ auth_req_id: authReqId }),
    })
    // §10.2: the client answers 204 (any 2xx is taken as received).
    if (!response.ok) context.backchannelRequests.notePingError(key, `the notification endpoint answered ${response.status}`)
    await response.body?.cancel()
  } catch (problem) {
    context.backchannelRequests.notePingError(key, `the notification endpoint could not be reached: ${String(problem)}`)
  }
}
