/**
 * End session: OpenID Connect RP-Initiated Logout 1.0. The OP ends the login session and returns
 * to a *registered* `post_logout_redirect_uri` of a client it could identify; anything it cannot
 * verify gets a page, never a redirect.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
import type { JWTPayload } from 'jose'
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { sessionCookie, sessionCookieValue } from '../http/cookies.js'
import { collectParams, readForm, rejectRepeated, type ParsedParams } from '../http/params.js'
import { redirect } from '../http/responses.js'
import { errorPage, messagePage } from '../pages/error-page.js'
import { logoutConfirmPage } from '../pages/session-page.js'
import type { ClientRecord } from '../store/state.js'
import { verifyIdTokenHint } from './authorization/request.js'
import { checkLogoutCsrf, LOGOUT_CSRF_FIELD } from './logout-csrf.js'
import { accountLabel, sessionsToEnd } from '../add-ons/session-management/accounts.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'
import { idTokenSubject } from '../add-ons/pairwise/subject.js'

const FORWARDED = ['id_token_hint', 'logout_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales'] as const

interface LogoutRequest {
  params: ParsedParams['params']
  hint?: JWTPayload
  client?: ClientRecord
  postLogoutRedirectUri?: string
  /** The answer from the confirmation page. */
  action?: string
}

/**
 * The end-session endpoint (`/logout`; `session` after idpyoidc): RP-initiated logout.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
export class SessionEndpoint extends Endpoint<LogoutRequest, Response> {
  readonly name = 'session'
  /** A page of the user's session: never readable from another origin (docs/security.md). */
  override readonly cors = 'none'
  readonly methods = ['GET', 'POST'] as const
  override readonly metadataKey = 'end_session_endpoint'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/logout', options)
  }

  protected override async parseRequest({ request, url }: EndpointRequest): Promise<LogoutRequest> {
    const parsed = request.method === 'GET' ? collectParams(url.searchParams) : await readForm(request)
    rejectRepeated(parsed)
    const { params } = parsed
    const hint = params.id_token_hint !== undefined ? await verifyIdTokenHint(this.context, params.id_token_hint) : undefined
    const audience = hint ? (Array.isArray(hint.aud) ? hint.aud : [hint.aud]).filter((a): a is string => typeof a === 'string') : []
    if (params.client_id !== undefined && hint && !audience.includes(params.client_id)) {
      throw oauthError('invalid_request', 'client_id is not an audience of id_token_hint')
    }
    const clientId = params.client_id ?? (audience.length === 1 ? audience[0] : undefined)
    const client = clientId !== undefined ? this.context.clients.get(clientId) : undefined
    if (clientId !== undefined && !client) throw oauthError('invalid_client', `unknown client '${clientId}'`, { status: 400 })

    const uri = params.post_logout_redirect_uri
    if (uri !== undefined) {
      if (!client) throw oauthError('invalid_request', 'post_logout_redirect_uri needs client_id or id_token_hint to identify the client')
      if (!client.post_logout_redirect_uris?.includes(uri)) {
        throw oauthError('invalid_request', `post_logout_redirect_uri '${uri}' is not registered for client '${client.client_id}'`)
      }
    }
    return {
      params,
      ...(hint ? { hint } : {}),
      ...(client ? { client } : {}),
      ...(uri !== undefined ? { postLogoutRedirectUri: uri } : {}),
      ...(request.method === 'POST' && params.action ? { action: params.action } : {}),
    }
  }

  protected async processRequest(logout: LogoutRequest, _client: ClientRecord | undefined, req: EndpointRequest): Promise<Response> {
    const { actions, config } = this.context
    if (logout.client) req.trace.client_id = logout.client.client_id
    const ending = sessionsToEnd(this.context, req.request, logout.hint, logout.params.logout_hint)
    const session = ending[0]

    // Without a verified id_token_hint the request may come from anywhere: the pages ask first.
    if (!logout.hint && config.interaction !== 'auto' && session && logout.action === undefined) {
      const params: Record<string, string> = {}
      for (const name of FORWARDED) if (logout.params[name] !== undefined) params[name] = logout.params[name]
      const names = ending.map((s) => accountLabel(this.context, s)).join(', ')
      const csrf = { name: LOGOUT_CSRF_FIELD, value: this.context.sessions.issueLogoutToken(session.sid) }
      return logoutConfirmPage(this.url(), params, names, csrf)
    }
    if (!logout.hint && session && logout.action !== undefined) checkLogoutCsrf(this.context.sessions, session.sid, logout.params[LOGOUT_CSRF_FIELD], req.request, this.context.issuer)
    if (logout.action === 'cancel') return messagePage('Still logged in', 'You did not log out.')

    const headers: Record<string, string> = {}
    if (session) {
      req.trace.sub = session.sub
      req.slots.endedSessions = ending
      for (const ended of ending) actions.logout(ended.sid)
      // The user agent's other accounts stay: the cookie is cleared with the last one.
      const cookie = sessionCookie(this.context, this.context.sessions.current(sessionCookieValue(req.request)))
      if (cookie) headers['set-cookie'] = cookie
    }
    if (logout.postLogoutRedirectUri) {
      const target = new URL(logout.postLogoutRedirectUri)
      if (logout.params.state !== undefined) target.searchParams.append('state', logout.params.state)
      return redirect(target.href, req.request.method === 'POST' ? 303 : 302, headers)
    }
    const response = messagePage('Logged out', 'You are logged out. You can close this window.')
    for (const [name, value] of Object.entries(headers)) response.headers.append(name, value)
    return response
  }

  protected doResponse(response: Response): Response {
    return response
  }

  protected override renderError(error: OAuthError): Response {
    return errorPage(error, 'Logout request cannot be completed')
  }
}
