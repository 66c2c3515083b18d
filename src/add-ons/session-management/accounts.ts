/**
 * Several accounts in one user agent: which of its sessions an authorization request, or a
 * logout, is about; and the account chooser of `prompt=select_account`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
import { idTokenSubject } from '../pairwise/subject.js'
import type { JWTPayload } from 'jose'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { sessionCookieValue } from '../../http/cookies.js'
import type { ClientRecord, Interaction, LoginSession, ValidatedAuthorizationRequest } from '../../store/state.js'
import { selectAccountPage } from './select-account-page.js'

/** The part of the HTTP request the chooser reads: the session cookie, and the URL. */
export interface ChooserRequest {
  readonly request: Request
  readonly url: URL
}

/** The query parameter of the interaction URL that skips the chooser for the login page ("use another account"). */
export const ANOTHER_ACCOUNT_PARAM = 'another_account'

/** The form's `action` that picks an account. */
export const SELECT_ACCOUNT_ACTION = 'select_account'

/**
 * The session an authorization request goes on with: the user agent's session of the user that
 * `id_token_hint` (its `sub`) or `login_hint` names, when it holds one; else its active one.
 */
export function sessionForRequest(context: EndpointContext, request: ValidatedAuthorizationRequest, httpRequest: Request): LoginSession | undefined {
  const cookieValue = sessionCookieValue(httpRequest)
  const wanted = request.requested_sub ?? (request.login_hint !== undefined ? context.users.findByHint(request.login_hint)?.sub : undefined)
  const hinted = wanted !== undefined ? context.sessions.ofAgent(cookieValue).find((s) => s.sub === wanted) : undefined
  return hinted ?? context.sessions.current(cookieValue)
}

/**
 * The sessions an end-session request ends: with an `id_token_hint`, the user agent's session it
 * was issued in (its `sid`, else its `sub`), or none; without one, the session of the user
 * `logout_hint` names, else every session of the user agent. The active one first.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function sessionsToEnd(context: EndpointContext, httpRequest: Request, hint: JWTPayload | undefined, logoutHint: string | undefined): LoginSession[] {
  const held = context.sessions.ofAgent(sessionCookieValue(httpRequest))
  if (hint) {
    const one = held.find((s) => typeof hint.sid === 'string' && s.sid === hint.sid) ?? held.find((s) => s.sub === idTokenSubject(context, hint))
    return one ? [one] : []
  }
  const named = logoutHint !== undefined ? context.users.findByHint(logoutHint)?.sub : undefined
  const one = named !== undefined ? held.find((s) => s.sub === named) : undefined
  return one ? [one] : held
}

/** "Alice Example (alice)", or the `sub` alone for a user without a name. */
export function accountLabel(context: EndpointContext, session: LoginSession): string {
  const name = context.users.get(session.sub)?.name
  return typeof name === 'string' ? `${name} (${session.sub})` : session.sub
}

/**
 * The account chooser for a login interaction of a `prompt=select_account` request (and not
 * `prompt=login`), when the user agent holds sessions and the user did not ask for another account.
 */
export function accountChooser(context: EndpointContext, interaction: Interaction, client: ClientRecord, req: ChooserRequest, action: string, error?: string): Response | undefined {
  const prompt = interaction.request.prompt
  if (interaction.kind !== 'login' || !prompt.includes('select_account') || prompt.includes('login')) return undefined
  if (req.url.searchParams.has(ANOTHER_ACCOUNT_PARAM)) return undefined
  const held = context.sessions.ofAgent(sessionCookieValue(req.request))
  if (held.length === 0) return undefined
  const another = new URL(action)
  another.searchParams.set(ANOTHER_ACCOUNT_PARAM, '')
  return selectAccountPage({
    action,
    anotherAccount: another.href,
    clientName: client.client_name ?? client.client_id,
    accounts: held.map((s) => ({ sid: s.sid, label: accountLabel(context, s) })),
    ...(error ? { error } : {}),
  })
}

/**
 * The chooser's answer: the chosen session (one of the user agent's) becomes its active one and
 * the interaction ends; the request to go on with (to consent or a code) has no `select_account`
 * and no `login_hint` (the choice wins over that hint, not over `id_token_hint`). Another `sid`,
 * or another user than `id_token_hint` names, gets the chooser again (400), and changes nothing.
 */
export function chooseAccount(
  context: EndpointContext,
  interaction: Interaction,
  client: ClientRecord,
  form: Record<string, string>,
  req: ChooserRequest,
  action: string,
): ValidatedAuthorizationRequest | Response {
  const held = context.sessions.ofAgent(sessionCookieValue(req.request))
  const chosen = held.find((s) => s.sid === form.sid)
  const wanted = interaction.request.requested_sub
  const problem = !chosen ? 'That account is not logged in here any more: choose another.' : wanted !== undefined && chosen.sub !== wanted ? `The application asked for user '${wanted}'.` : undefined
  if (!chosen || problem) {
    const again = accountChooser(context, interaction, client, req, action, problem)
    if (again) return again
    throw oauthError('invalid_request', 'no account of this browser to choose from')
  }
  context.interactions.end(interaction.uid)
  context.sessions.use(chosen.sid)
  const { login_hint: _hint, ...request } = interaction.request
  return { ...request, prompt: request.prompt.filter((p) => p !== 'select_account') }
}
