/**
 * Front-channel logout (OpenID Connect Front-Channel Logout 1.0): when the end-session endpoint
 * ends a session, its answer becomes a page that loads each RP's `frontchannel_logout_uri` in an
 * iframe, then goes on to the `post_logout_redirect_uri` (or stays, as the logged-out page).
 * @see https://openid.net/specs/openid-connect-frontchannel-1_0.html
 * @see ../../../docs/logout.md
 */
import type { AddOn } from '../add-on.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { LoginSession } from '../../store/state.js'
import { frontchannelLogoutPage, type LogoutFrame } from './page.js'

/** How long the logout page waits for the RPs' iframes by default, in ms. */
export const DEFAULT_FRONTCHANNEL_LOGOUT_TIMEOUT = 5000

/** The options of {@link createFrontchannelLogoutAddOn}. */
export interface FrontchannelLogoutOptions {
  /** How long the page waits for the iframes before it moves on, in ms ({@link DEFAULT_FRONTCHANNEL_LOGOUT_TIMEOUT}). */
  timeout?: number
}

/**
 * The iframes for the RPs of `session` that registered a `frontchannel_logout_uri`; `iss` and
 * `sid` are added (both, §2) for those that require them, the URI's own query kept.
 */
export function logoutFrames(context: EndpointContext, session: LoginSession): LogoutFrame[] {
  const frames: LogoutFrame[] = []
  for (const clientId of Object.keys(session.grants_by_client ?? {})) {
    const client = context.clients.get(clientId)
    if (!client?.frontchannel_logout_uri) continue
    const src = new URL(client.frontchannel_logout_uri)
    if (client.frontchannel_logout_session_required) {
      src.searchParams.append('iss', context.issuer)
      src.searchParams.append('sid', session.sid)
    }
    frames.push({ client_id: clientId, ...(client.client_name ? { client_name: client.client_name } : {}), src: src.href })
  }
  return frames
}

/** The front-channel logout add-on, with the page's longest wait. */
export function createFrontchannelLogoutAddOn({ timeout = DEFAULT_FRONTCHANNEL_LOGOUT_TIMEOUT }: FrontchannelLogoutOptions = {}): AddOn {
  return {
    name: 'frontchannel-logout',
    endpoints: {
      session: {
        afterRespond({ context, req }, response) {
          const frames = (req.slots.endedSessions ?? []).flatMap((ended) => logoutFrames(context, ended))
          if (!frames.length) return response
          const location = response.headers.get('location')
          const next = response.status >= 300 && response.status < 400 && location ? location : undefined
          const page = frontchannelLogoutPage({ frames, timeout, ...(next ? { next } : {}) })
          // The session cookie's removal goes with the page.
          for (const cookie of response.headers.getSetCookie()) page.headers.append('set-cookie', cookie)
          return page
        },
        // §3: the OP renders the RPs' logout URIs, with `iss` and `sid` when they ask.
        metadata: () => ({ frontchannel_logout_supported: true, frontchannel_logout_session_supported: true }),
      },
    },
  }
}

/** Front-channel logout with the default wait: one of the default add-ons. */
export const frontchannelLogoutAddOn: AddOn = createFrontchannelLogoutAddOn()
