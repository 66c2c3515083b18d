/**
 * The device flow's verification page (RFC 8628 §3.3), `GET/POST {issuer}/device`: the person
 * types (or confirms) the user code, logs in on the OP's login page, consents, and the device's
 * next poll gets its tokens. Each form carries the user code, the only handle on the request.
 */
import { oauthError } from '../errors/oauth-error.js'
import { sessionCookie, sessionCookieValue } from '../http/cookies.js'
import { readForm, rejectRepeated, type Params } from '../http/params.js'
import { consentPage } from '../pages/consent-page.js'
import { deviceDonePage, userCodePage } from '../pages/device-page.js'
import { loginPage } from '../pages/login-page.js'
import type { ClientRecord, DeviceCodeRecord } from '../store/state.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'

/** What the page was sent: the form (POST) or the query (GET). */
interface VerificationInput {
  form?: Params
  userCode?: string
}

/** The pending authorization a user code names, with its client. */
interface Found {
  key: string
  record: DeviceCodeRecord
  client: ClientRecord
}

const UNKNOWN = 'That code is unknown or has expired. Check the code on your device, or start again there.'

/**
 * The verification page at `verification_uri`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export class DeviceVerificationEndpoint extends Endpoint<VerificationInput, Response> {
  readonly name = 'device_verification'
  /** A page of the user's session: never readable from another origin (docs/security.md). */
  override readonly cors = 'none'
  readonly methods = ['GET', 'POST'] as const

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/device', options)
  }

  protected override async parseRequest({ request, url }: EndpointRequest): Promise<VerificationInput> {
    const fromQuery = url.searchParams.get('user_code') ?? undefined
    if (request.method === 'GET') return fromQuery !== undefined ? { userCode: fromQuery } : {}
    const parsed = await readForm(request)
    rejectRepeated(parsed)
    const userCode = parsed.params.user_code ?? fromQuery
    return { form: parsed.params, ...(userCode !== undefined ? { userCode } : {}) }
  }

  protected async processRequest({ form, userCode }: VerificationInput, _client: ClientRecord | undefined, req: EndpointRequest): Promise<Response> {
    if (!form) return userCodePage({ action: this.url(), ...(userCode !== undefined ? { userCode } : {}) })
    const found = userCode !== undefined ? this.#find(userCode) : undefined
    if (!found) return userCodePage({ action: this.url(), ...(userCode !== undefined ? { userCode } : {}), error: UNKNOWN })
    req.trace.client_id = found.client.client_id
    const { deviceCodes } = this.context
    switch (form.action) {
      case 'code':
        return this.#login(found, req.request)
      case 'login':
        return this.#logIn(found, form, req.request)
      case 'consent': {
        const session = found.record.sid ? this.context.sessions.get(found.record.sid) : undefined
        if (!session) return this.#login(found, req.request, 'Your login session ended: log in again.')
        deviceCodes.decide(found.key, { approve: true, sub: session.sub })
        req.trace.sub = session.sub
        return deviceDonePage(true)
      }
      case 'cancel':
        deviceCodes.decide(found.key, { approve: false })
        return deviceDonePage(false)
      default:
        throw oauthError('invalid_request', `unexpected action '${form.action ?? ''}'`)
    }
  }

  protected doResponse(response: Response): Response {
    return response
  }

  #find(userCode: string): Found | undefined {
    const found = this.context.deviceCodes.findByUserCode(userCode)
    const client = found ? this.context.clients.get(found.record.client_id) : undefined
    return found && client ? { ...found, client } : undefined
  }

  /** The action of the next form: this page, with the user code in the query. */
  #action({ record }: Found): string {
    return `${this.url()}?user_code=${encodeURIComponent(record.user_code)}`
  }

  /** The OP's login page, the current user preselected. */
  #login(found: Found, request: Request, error?: string): Response {
    const { users, sessions } = this.context
    const current = sessions.current(sessionCookieValue(request))
    const input = { action: this.#action(found), clientName: found.client.client_name ?? found.client.client_id, scope: found.record.scope, users: users.list() }
    return loginPage({ ...input, ...(current ? { selected: current.sub } : {}), ...(error ? { error } : {}) }, error ? 400 : 200)
  }

  /** Logs the chosen user in, then asks for consent. */
  #logIn(found: Found, form: Params, request: Request): Response {
    const sub = (form.other_sub || form.sub || '').trim()
    if (!sub) return this.#login(found, request, 'Choose a user, or type a sub.')
    const { users, sessions, deviceCodes } = this.context
    const user = users.get(sub) ?? users.put({ sub })
    const session = sessions.login(user.sub, { amr: ['pwd'] }, sessions.current(sessionCookieValue(request)))
    deviceCodes.identify(found.key, session.sid)
    const userName = typeof user.name === 'string' ? user.name : user.sub
    const consent = consentPage({ action: this.#action(found), clientName: found.client.client_name ?? found.client.client_id, userName, scope: found.record.scope })
    const cookie = sessionCookie(this.context, session)
    if (!cookie) return consent
    const headers = new Headers(consent.headers)
    headers.append('set-cookie', cookie)
    return new Response(consent.body, { status: consent.status, headers })
  }
}
