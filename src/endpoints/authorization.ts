/**
 * The authorization endpoint (OpenID Connect Core §3.1.2, RFC 6749 §4.1.1), GET and POST.
 *
 * Until the client and its redirect URI are known to be right, an error is shown as a page and
 * never redirected (no open redirects); after that, every error goes back to the client with
 * `state` and `iss`. Then the OP decides: log the user in (at once, or through its login page),
 * ask for consent if needed, and send a single-use code (and, in the implicit and hybrid flows,
 * tokens: docs/authorization.md).
 */
import { frontChannelTokens } from '../add-ons/response-types/index.js'
import { requestedAcrValues } from '../claims/claims-request.js'
import { oauthError, toOAuthError, type OAuthError } from '../errors/oauth-error.js'
import { sessionCookie } from '../http/cookies.js'
import { collectParams, isFormRequest, readForm, rejectRepeated, spaceList, type ParsedParams } from '../http/params.js'
import { redirect } from '../http/responses.js'
import { errorPage } from '../pages/error-page.js'
import type { NewGrant } from '../store/slices/grants.js'
import { PUSHED_REQUEST_URI_PREFIX } from '../store/slices/pushed-requests.js'
import type { ClientRecord, LoginSession, ValidatedAuthorizationRequest } from '../store/state.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'
import { resolveRedirectUri } from './authorization/redirect-uri.js'
import { authorizationErrorResponse, type AuthorizationResponseTarget } from './authorization/response.js'
import { sendAuthorizationReply, supportedResponseModes } from './authorization/respond.js'
import { responseModeOf, validateAuthorizationRequest } from './authorization/request.js'
import { sessionStateOf } from '../add-ons/session-management/session-state.js'
import { sessionForRequest } from '../add-ons/session-management/accounts.js'

/** What the user agent should see next. */
export type AuthorizationOutcome = Response

/**
 * The authorization endpoint (`/authorize`): validates the request, logs the user in (a page, or at
 * once without one), asks consent, and redirects back with a code.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthorizationEndpoint
 */
export class AuthorizationEndpoint extends Endpoint<ParsedParams, AuthorizationOutcome> {
  readonly name = 'authorization'
  /** A page of the user's session: never readable from another origin (docs/security.md). */
  override readonly cors = 'none'
  readonly methods = ['GET', 'POST'] as const
  override readonly metadataKey = 'authorization_endpoint'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/authorize', options)
  }

  protected override async parseRequest({ request, url }: EndpointRequest): Promise<ParsedParams> {
    if (request.method === 'GET') return collectParams(url.searchParams)
    if (!isFormRequest(request)) throw oauthError('invalid_request', 'a POST authorization request must be application/x-www-form-urlencoded')
    return readForm(request)
  }

  protected async processRequest(parsed: ParsedParams, _client: ClientRecord | undefined, req: EndpointRequest): Promise<AuthorizationOutcome> {
    const trace = req.trace

    // Untrusted stage: errors become pages.
    rejectRepeated(parsed, ['client_id', 'redirect_uri', 'response_mode', 'request_uri'])
    if (parsed.params.client_id === undefined) throw oauthError('invalid_request', "missing required parameter 'client_id'")
    const client = this.context.clients.get(parsed.params.client_id)
    if (!client) throw oauthError('invalid_client', `unknown client '${parsed.params.client_id}'`, { status: 400 })
    trace.client_id = client.client_id
    const pushed = parsed.params.request_uri?.startsWith(PUSHED_REQUEST_URI_PREFIX) ?? false
    if (pushed) parsed = this.#pushedRequest(client, parsed.params.request_uri!)
    const { params } = parsed
    trace.params = pick(params, ['client_id', 'redirect_uri', 'scope', 'state', 'prompt', 'login_hint', 'response_type', 'response_mode', 'code_challenge_method', 'max_age', 'acr_values'])
    const redirectTo = resolveRedirectUri(client, params.redirect_uri, spaceList(params.scope).includes('openid'))

    // Trusted stage: errors go back to the client.
    const responseModes = supportedResponseModes(this.serverGet('add_ons'))
    const target: AuthorizationResponseTarget = {
      redirect_uri: redirectTo.uri,
      response_mode: responseModeOf(params, responseModes, client),
      ...(params.state !== undefined ? { state: params.state } : {}),
      status: req.request.method === 'POST' ? 303 : 302,
    }
    try {
      await this.afterTrust(req, client)
      // RFC 9126 §4: a client (or the OP) that requires PAR sends nothing else.
      if (!pushed && (this.context.config.requirePushedAuthorizationRequests || client.require_pushed_authorization_requests)) {
        throw oauthError('invalid_request', 'authorization requests must be pushed first (pushed_authorization_request_endpoint)')
      }
      const validated = await validateAuthorizationRequest(this.context, client, parsed, redirectTo, responseModes)
      return await this.authorize(validated, req.request, trace)
    } catch (thrown) {
      const error = toOAuthError(thrown)
      if (error.error === 'server_error') console.error('[msw-oidc-provider] authorization: unexpected error', thrown)
      return this.respondError(client.client_id, target, error)
    }
  }

  protected doResponse(outcome: AuthorizationOutcome): Response {
    return outcome
  }

  /** Errors before the redirect URI is trusted: a page, never a redirect. */
  protected override renderError(error: OAuthError): Response {
    return errorPage(error)
  }

  /**
   * Decides what a validated request leads to: a code, a login or consent page, or an error
   * (thrown, for the caller to redirect). The interaction endpoint comes back here after a page.
   */
  async authorize(request: ValidatedAuthorizationRequest, httpRequest: Request, trace: EndpointRequest['trace'] = {}): Promise<Response> {
    const { config, sessions, consents, users } = this.context
    const prompt = new Set(request.prompt)
    let session = sessionForRequest(this.context, request, httpRequest)
    const hinted = request.login_hint !== undefined ? users.findByHint(request.login_hint) : undefined
    const wantedSub = request.requested_sub ?? hinted?.sub
    const pages = config.interaction === 'login' || (config.interaction === 'prompt' && (prompt.has('login') || prompt.has('select_account') || prompt.has('consent') || prompt.has('create')))
    // A POSTed request is answered with 303, as its errors are (RFC 9700 §4.12).
    const status = httpRequest.method === 'POST' ? 303 : 302

    const needsLogin =
      !session ||
      prompt.has('login') ||
      // Initiating User Registration §4: sign-up is a new login.
      prompt.has('create') ||
      (pages && prompt.has('select_account')) ||
      // Core §3.1.2.1: max_age=0 is prompt=login.
      (request.max_age !== undefined && (request.max_age === 0 || this.context.clock.now() - session.auth_time > request.max_age)) ||
      (wantedSub !== undefined && wantedSub !== session.sub)

    if (prompt.has('none')) {
      if (needsLogin) throw oauthError('login_required', session ? 'the request asks for another login than the current one' : 'the user is not logged in')
      if (pages && !consents.has(session!.sub, request.client_id, request.scope)) {
        throw oauthError('consent_required', 'the user has not consented to this client and scope')
      }
      return this.issueCode(request, session!, trace, false, status, true)
    }

    if (pages) {
      if (needsLogin) return this.#startInteraction('login', request, session?.sid)
      if (prompt.has('consent') || !consents.has(session!.sub, request.client_id, request.scope)) {
        return this.#startInteraction('consent', request, session!.sid)
      }
      return this.issueCode(request, session!, trace, false, status)
    }

    let newSession = false
    if (needsLogin) {
      if (request.login_hint !== undefined && !hinted && request.requested_sub === undefined) {
        throw oauthError('access_denied', `no user matches login_hint '${request.login_hint}'`)
      }
      // prompt=login and max_age re-authenticate the same user, unless another one is asked for.
      const sub = wantedSub ?? session?.sub ?? users.list()[0]?.sub
      if (sub === undefined) throw oauthError('access_denied', 'the OP has no users: add one to the configuration')
      if (!users.get(sub)) throw oauthError('login_required', `user '${sub}' does not exist at this OP`)
      const acr = acrFor(request, config.acrValues)
      session = sessions.login(sub, acr ? { acr } : {}, session)
      newSession = true
    }
    consents.record(session!.sub, request.client_id, request.scope)
    return this.issueCode(request, session!, trace, newSession, status)
  }

  /**
   * Mints the code, and redirects to the client. A silent renew (`silent`: prompt=none) that asks
   * for nothing more reuses the session's last grant for this client; anything else makes a new one.
   */
  async issueCode(request: ValidatedAuthorizationRequest, session: LoginSession, trace: EndpointRequest['trace'] = {}, newSession = false, status: 302 | 303 = 302, silent = false): Promise<Response> {
    const { grants, codes, config, sessions } = this.context
    const client = this.context.clients.get(request.client_id)
    if (!client) throw oauthError('invalid_client', `client '${request.client_id}' no longer exists`)
    const acr = acrFor(request, config.acrValues) ?? session.acr
    const wanted: NewGrant = {
      client_id: request.client_id,
      sub: session.sub,
      sid: session.sid,
      scope: request.scope,
      ...(request.claims ? { claims: request.claims } : {}),
      auth_time: session.auth_time,
      ...(acr ? { acr } : {}),
      ...(session.amr ? { amr: session.amr } : {}),
      ...(request.resource ? { resource: request.resource } : {}),
      ...(request.authorization_details ? { authorization_details: request.authorization_details } : {}),
      ...(request.claims_locales ? { claims_locales: request.claims_locales } : {}),
    }
    const grant = (silent ? grants.reuse(sessions.grantOf(session.sid, request.client_id), wanted) : undefined) ?? grants.create(wanted)
    sessions.rememberGrant(session.sid, request.client_id, grant.id)
    trace.grant_id = grant.id
    trace.sub = session.sub
    const code = request.response_type.split(' ').includes('code') ? codes.issue(grant, request) : undefined
    const tokens = await frontChannelTokens(this.context, { client, grant, request, ...(code !== undefined ? { code } : {}) })
    const cookie = newSession ? sessionCookie(this.context, session) : undefined
    const params: Record<string, string> = { ...(code !== undefined ? { code } : {}), ...tokens }
    // Session Management 1.0 §3: with a check_session_iframe, every successful response carries session_state.
    if (this.serverGet('endpoint', 'check_session_iframe')) params.session_state = sessionStateOf(sessions, request, session)
    return sendAuthorizationReply(this.context, this.serverGet('add_ons'), { client, target: this.responseTarget(request, status, cookie), params, request, grant })
  }

  /** An error sent back to the client's trusted redirect URI, through the add-ons (JARM encodes it too). */
  async respondError(clientId: string, target: AuthorizationResponseTarget, error: OAuthError): Promise<Response> {
    const client = this.context.clients.get(clientId)
    if (!client) return authorizationErrorResponse(target, this.context.issuer, error)
    return sendAuthorizationReply(this.context, this.serverGet('add_ons'), { client, target, params: { error: error.error, error_description: error.error_description } })
  }

  /** Where and how the response to `request` goes. */
  responseTarget(request: ValidatedAuthorizationRequest, status: 302 | 303, cookie?: string): AuthorizationResponseTarget {
    return {
      redirect_uri: request.redirect_uri,
      response_mode: request.response_mode,
      ...(request.state !== undefined ? { state: request.state } : {}),
      status,
      ...(cookie ? { headers: { 'set-cookie': cookie } } : {}),
    }
  }

  /**
   * RFC 9126 §4: the parameters a `request_uri` refers to replace the query (but `client_id`, which
   * must match). Unknown, expired, used or another client's: an error page, as the redirect URI
   * is inside the request that cannot be read.
   */
  #pushedRequest(client: ClientRecord, requestUri: string): ParsedParams {
    if (!this.serverGet('endpoint', 'pushed_authorization')) {
      throw oauthError('request_uri_not_supported', 'the request_uri parameter is only for pushed authorization requests, and that endpoint is disabled')
    }
    const params = this.context.pushedRequests.take(requestUri, client.client_id)
    if (!params) throw oauthError('invalid_request_uri', 'request_uri is unknown, expired, already used, or was pushed by another client')
    return { params: { ...params, client_id: client.client_id }, repeated: [] }
  }

  #startInteraction(kind: 'login' | 'consent', request: ValidatedAuthorizationRequest, sid?: string): Response {
    const interactionEndpoint = this.serverGet('endpoint', 'interaction')
    if (!interactionEndpoint) throw oauthError('interaction_required', 'the interaction endpoint is disabled, so no login page can be shown')
    const interaction = this.context.interactions.start(kind, request, sid)
    return redirect(interactionEndpoint.url({ uid: interaction.uid }), 303)
  }
}

/**
 * The `acr` to answer with: the first requested value (from `acr_values`, or the `claims` request)
 * that the OP supports; every value is supported when none are configured.
 */
export function acrFor(request: ValidatedAuthorizationRequest, supported: readonly string[]): string | undefined {
  const requested = [...requestedAcrValues(request.claims), ...(request.acr_values ?? [])]
  return requested.find((value) => supported.length === 0 || supported.includes(value))
}

function pick(params: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) if (params[name] !== undefined) out[name] = params[name]
  return out
}
