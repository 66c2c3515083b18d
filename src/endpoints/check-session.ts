/**
 * The `check_session_iframe` endpoint (`{issuer}/check_session`) of Session Management 1.0: the
 * OP iframe page, and the OP browser state that the page reads from the same origin.
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPiframe
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPMetadata
 */
import { sessionCookieValue } from '../http/cookies.js'
import { json, NO_STORE } from '../http/responses.js'
import { Endpoint, type EndpointHost, type EndpointOptions, type EndpointRequest } from './endpoint.js'
import { BROWSER_STATE_PARAM, checkSessionPage } from '../add-ons/session-management/check-session-page.js'
import { opBrowserState } from '../add-ons/session-management/session-state.js'

/** What a request to the endpoint asks for. */
type CheckSessionRequest = { want: 'page' } | { want: 'browser_state'; cookieValue: string | undefined }

/**
 * The OP iframe (`/check_session`, published as `check_session_iframe`); with
 * `?op_browser_state` the OP browser state of the user agent, as `{ "browser_state": … }`.
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPiframe
 */
export class CheckSessionIframeEndpoint extends Endpoint<CheckSessionRequest, Response> {
  readonly name = 'check_session_iframe'
  /** The browser state is the user's: never readable from another origin (the page itself asks from the OP's). */
  override readonly cors = 'none'
  readonly methods = ['GET'] as const
  override readonly metadataKey = 'check_session_iframe'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/check_session', options)
  }

  protected override async parseRequest({ request, url }: EndpointRequest): Promise<CheckSessionRequest> {
    if (!url.searchParams.has(BROWSER_STATE_PARAM)) return { want: 'page' }
    return { want: 'browser_state', cookieValue: sessionCookieValue(request) }
  }

  protected async processRequest(request: CheckSessionRequest): Promise<Response> {
    if (request.want === 'page') {
      const stateUrl = new URL(this.url())
      stateUrl.searchParams.set(BROWSER_STATE_PARAM, '')
      return checkSessionPage(stateUrl.href)
    }
    const browserState = opBrowserState(this.context.sessions.ofAgent(request.cookieValue))
    return json({ browser_state: browserState }, { headers: NO_STORE })
  }

  protected doResponse(response: Response): Response {
    return response
  }
}
