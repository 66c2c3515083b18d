/**
 * The OP's own login and consent pages: `GET {issuer}/interaction/{uid}` shows one, `POST` takes the
 * answer and goes on with the authorization request that led there. The unguessable `uid` is the
 * only handle on the pending request, and it works once.
 */
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { sessionCookieValue } from '../http/cookies.js'
import { readForm, rejectRepeated, type ParsedParams } from '../http/params.js'
import { consentPage } from '../pages/consent-page.js'
import { errorPage } from '../pages/error-page.js'
import { loginPage } from '../pages/login-page.js'
import type { ClientRecord, Interaction, User } from '../store/state.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import { acrFor, AuthorizationEndpoint } from './authorization.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'
import { accountChooser, chooseAccount, SELECT_ACCOUNT_ACTION } from '../add-ons/session-management/accounts.js'

const EXPIRED = 'this login request has expired or was already used: go back to the application and start again'

interface InteractionRequest {
  interaction: Interaction
  client: ClientRecord
  form?: ParsedParams['params']
}

/**
 * The OP's login and consent pages (`/interaction/:uid`), which an authorization request is sent to
 * when it needs the user.
 */
export class InteractionEndpoint extends Endpoint<InteractionRequest, Response> {
  readonly name = 'interaction'
  /** A page of the user's session: never readable from another origin (docs/security.md). */
  override readonly cors = 'none'
  readonly methods = ['GET', 'POST'] as const

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/interaction/:uid', options)
  }

  protected override async parseRequest({ request, route }: EndpointRequest): Promise<InteractionRequest> {
    const interaction = route.uid ? this.context.interactions.get(route.uid) : undefined
    if (!interaction) throw oauthError('invalid_request', EXPIRED)
    const client = this.context.clients.get(interaction.request.client_id)
    if (!client) throw oauthError('invalid_client', 'the client of this login request no longer exists', { status: 400 })
    if (request.method === 'GET') return { interaction, client }
    const parsed = await readForm(request)
    rejectRepeated(parsed)
    return { interaction, client, form: parsed.params }
  }

  protected async processRequest({ interaction, client, form }: InteractionRequest, _client: ClientRecord | undefined, req: EndpointRequest): Promise<Response> {
    req.trace.client_id = client.client_id
    if (!form) return accountChooser(this.context, interaction, client, req, this.url({ uid: interaction.uid })) ?? this.#show(interaction, client)
    const { sessions, interactions, consents } = this.context
    // Another submission of this page may have used it meanwhile; from here on nothing awaits until it is ended.
    if (!interactions.get(interaction.uid)) throw oauthError('invalid_request', EXPIRED)
    const authorization = this.serverGet('endpoint', 'authorization')
    // A replacement that is not an AuthorizationEndpoint cannot finish this request either.
    if (!(authorization instanceof AuthorizationEndpoint)) throw oauthError('invalid_request', 'the authorization endpoint is disabled')
    const target = authorization.responseTarget(interaction.request, 303)

    if (form.action === 'cancel') {
      interactions.end(interaction.uid)
      return authorization.respondError(interaction.request.client_id, target, oauthError('access_denied', 'the user declined'))
    }

    const chosen = interaction.kind === 'login' && form.action === SELECT_ACCOUNT_ACTION ? chooseAccount(this.context, interaction, client, form, req, this.url({ uid: interaction.uid })) : undefined
    if (chosen) return chosen instanceof Response ? chosen : authorization.authorize(chosen, req.request, req.trace)

    if (interaction.kind === 'consent' && form.action === 'consent') {
      const session = interaction.sid ? sessions.get(interaction.sid) : undefined
      interactions.end(interaction.uid)
      if (!session) {
        return authorization.respondError(interaction.request.client_id, target, oauthError('login_required', 'the login session ended before consent was given'))
      }
      consents.record(session.sub, client.client_id, interaction.request.scope)
      return authorization.issueCode(interaction.request, session, req.trace, false, 303)
    }

    if (interaction.kind === 'login' && form.action === 'login') {
      const chosen = this.#chosenUser(interaction, client, form)
      if (chosen instanceof Response) return chosen
      const previous = sessions.current(sessionCookieValue(req.request))
      const acr = acrFor(interaction.request, this.context.config.acrValues)
      const session = sessions.login(chosen.sub, { ...(acr ? { acr } : {}), amr: ['pwd'] }, previous)
      consents.record(session.sub, client.client_id, interaction.request.scope)
      interactions.end(interaction.uid)
      return authorization.issueCode(interaction.request, session, req.trace, true, 303)
    }
    throw oauthError('invalid_request', `unexpected action '${form.action ?? ''}' for a ${interaction.kind} page`)
  }

  protected doResponse(response: Response): Response {
    return response
  }

  protected override renderError(error: OAuthError): Response {
    return errorPage(error, error.error === 'invalid_request' ? 'This page has expired' : undefined)
  }

  /** The page; after a failed submission, with what was typed and the user that was chosen (`typed.chosen`). */
  #show(interaction: Interaction, client: ClientRecord, error?: string, typed?: { sub?: string; claims?: string; chosen?: string }): Response {
    const action = this.url({ uid: interaction.uid })
    const clientName = client.client_name ?? client.client_id
    if (interaction.kind === 'consent') {
      const session = interaction.sid ? this.context.sessions.get(interaction.sid) : undefined
      const user = session ? this.context.users.get(session.sub) : undefined
      const userName = typeof user?.name === 'string' ? user.name : session?.sub ?? 'unknown'
      return consentPage({ action, clientName, userName, scope: interaction.request.scope })
    }
    const { users, sessions } = this.context
    const request = interaction.request
    // Preselect who was chosen before the error, else who the request names, else whoever is logged in now.
    const chosen = typed?.chosen !== undefined && users.get(typed.chosen) ? typed.chosen : undefined
    const selected =
      chosen ??
      request.requested_sub ??
      (request.login_hint ? users.findByHint(request.login_hint)?.sub : undefined) ??
      (interaction.sid ? sessions.get(interaction.sid)?.sub : undefined)
    return loginPage(
      {
        action,
        clientName,
        scope: request.scope,
        users: users.list(),
        ...(selected ? { selected } : {}),
        ...(error ? { error } : {}),
        ...(typed ? { typed: { ...(typed.sub !== undefined ? { sub: typed.sub } : {}), ...(typed.claims !== undefined ? { claims: typed.claims } : {}) } } : {}),
        ...(request.ui_locales !== undefined ? { uiLocales: request.ui_locales } : {}),
        ...(request.prompt.includes('create') ? { signUp: true } : {}),
      },
      error ? 400 : 200,
    )
  }

  /** The user the form names, with its edited claims saved; or the page again with the problem. */
  #chosenUser(interaction: Interaction, client: ClientRecord, form: Record<string, string>): User | Response {
    const sub = (form.other_sub ?? form.sub ?? '').trim()
    const typed = {
      ...(form.other_sub ? { sub: form.other_sub } : {}),
      ...(form.claims !== undefined ? { claims: form.claims } : {}),
      ...(form.sub ? { chosen: form.sub } : {}),
    }
    if (!sub) return this.#show(interaction, client, 'Choose a user, or type a sub.', typed)
    const wanted = interaction.request.requested_sub
    if (wanted !== undefined && wanted !== sub) {
      return this.#show(interaction, client, `The application asked for user '${wanted}'.`, typed)
    }
    const users = this.context.users
    const existing = users.get(sub)
    // Initiating User Registration: sign-up makes a new account, it does not log into another one.
    if (existing && interaction.request.prompt.includes('create')) return this.#show(interaction, client, `A user '${sub}' exists already: choose another sub.`, typed)
    if (form.claims === undefined || form.claims.trim() === '' || form.claims_for !== sub) {
      return existing ?? users.put({ sub })
    }
    let claims: unknown
    try {
      claims = JSON.parse(form.claims)
    } catch {
      return this.#show(interaction, client, 'Claims must be valid JSON.', typed)
    }
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      return this.#show(interaction, client, 'Claims must be a JSON object.', typed)
    }
    try {
      return users.put({ ...(claims as Record<string, unknown>), sub })
    } catch (problem) {
      if (problem instanceof ConfigurationError) return this.#show(interaction, client, problem.message, typed)
      throw problem
    }
  }
}
