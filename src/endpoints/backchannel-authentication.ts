/**
 * The CIBA backchannel authentication endpoint (CIBA Core §7), poll and ping modes: a client
 * asks the OP to authenticate a user it names by a hint; the user decides on another device
 * (here: `op.approveBackchannel`, or at once with `autoApprove`), and the client polls the token
 * endpoint, or waits for the ping. Push mode, signed requests and `user_code` are not supported,
 * and discovery says so.
 */
import { GrantType } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import { spaceList, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { BACKCHANNEL_DELIVERY_MODES } from '../client/backchannel-metadata.js'
import { checkScope } from './authorization/request.js'
import { decideBackchannel } from './polled-flows/decide.js'
import { hintedUser } from './backchannel/hints.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import { polledFlowTiming, type PolledFlowSettings } from './polled-flows/settings.js'
import type { EndpointHost, EndpointRequest } from './endpoint.js'

/** The successful answer. @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3 */
export interface BackchannelAuthenticationResponse {
  auth_req_id: string
  expires_in: number
  interval: number
}

/** Settings of the backchannel authentication endpoint. */
export interface BackchannelAuthenticationSettings extends PolledFlowSettings {
  /** Approve every request at once, as the hinted user (for tests that do not care). Default false. */
  autoApprove?: boolean
}

/** A short text shown on both devices: letters, digits, spaces and plain punctuation, at most 64 characters. */
const BINDING_MESSAGE = /^[\p{L}\p{N} .,:;!?'"()#+\-_/@]{1,64}$/u
/** The longest `requested_expiry` honoured, in seconds. */
const MAX_EXPIRY = 3600

/**
 * The backchannel authentication endpoint.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7
 */
export class BackchannelAuthenticationEndpoint extends ClientAuthenticatedEndpoint<BackchannelAuthenticationResponse> {
  readonly name = 'backchannel_authentication'
  override readonly metadataKey = 'backchannel_authentication_endpoint'
  /** §7.1: confidential clients only (CIBA clients authenticate). */
  protected override readonly allowPublic = false
  protected readonly parameters = [
    'scope', 'client_notification_token', 'acr_values', 'login_hint_token', 'id_token_hint', 'login_hint',
    'binding_message', 'user_code', 'requested_expiry', 'request',
  ]
  readonly #timing: { interval: number; expiresIn: number }
  readonly #autoApprove: boolean

  constructor(serverGet: EndpointHost, settings: BackchannelAuthenticationSettings = {}) {
    super(serverGet, '/backchannel', settings)
    this.#timing = polledFlowTiming('backchannel_authentication', settings, 300)
    this.#autoApprove = settings.autoApprove === true
  }

  /** @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.4 */
  override metadata(): Record<string, unknown> {
    return {
      backchannel_token_delivery_modes_supported: [...BACKCHANNEL_DELIVERY_MODES],
      backchannel_user_code_parameter_supported: false,
    }
  }

  protected override async parseRequest(req: EndpointRequest): Promise<ParsedParams> {
    const parsed = await super.parseRequest(req)
    const { scope, login_hint, binding_message } = parsed.params
    req.trace.params = { ...(scope ? { scope } : {}), ...(login_hint ? { login_hint } : {}), ...(binding_message ? { binding_message } : {}) }
    return parsed
  }

  protected async processRequest({ params }: ParsedParams, client: ClientRecord, req: EndpointRequest): Promise<BackchannelAuthenticationResponse> {
    if (!client.grant_types?.includes(GrantType.ciba)) throw oauthError('unauthorized_client', `the client is not allowed the ${GrantType.ciba} grant`)
    if (params.request !== undefined) throw oauthError('invalid_request', 'signed authentication requests (request) are not supported by this OP')
    if (params.user_code !== undefined) throw oauthError('invalid_request', 'the user_code parameter is not supported by this OP')
    if (params.scope === undefined) throw oauthError('invalid_request', "missing required parameter 'scope'")
    if (!spaceList(params.scope).includes('openid')) throw oauthError('invalid_scope', "scope must contain 'openid'")
    const scope = checkScope(this.context, client, params.scope)
    const mode = client.backchannel_token_delivery_mode ?? 'poll'
    const token = params.client_notification_token
    if (mode === 'ping' && (token === undefined || token.length > 1024)) {
      throw oauthError('invalid_request', 'client_notification_token is required in ping mode (at most 1024 characters)')
    }
    const bindingMessage = params.binding_message
    if (bindingMessage !== undefined && !BINDING_MESSAGE.test(bindingMessage)) {
      throw oauthError('invalid_binding_message', 'binding_message must be at most 64 letters, digits, spaces or plain punctuation')
    }
    const expiresIn = this.#expiresIn(params.requested_expiry)
    const user = await hintedUser(this.context, params)
    req.trace.sub = user.sub
    const acr = spaceList(params.acr_values).find((value) => this.context.config.acrValues.length === 0 || this.context.config.acrValues.includes(value))
    const authReqId = this.context.backchannelRequests.start({
      client_id: client.client_id,
      scope,
      sub: user.sub,
      delivery_mode: mode,
      interval: this.#timing.interval,
      expires_in: expiresIn,
      ...(mode === 'ping' ? { client_notification_token: token! } : {}),
      ...(bindingMessage !== undefined ? { binding_message: bindingMessage } : {}),
      ...(acr ? { acr } : {}),
    })
    if (this.#autoApprove) decideBackchannel(this.context, authReqId, true)
    return { auth_req_id: authReqId, expires_in: expiresIn, interval: this.#timing.interval }
  }

  protected doResponse(body: BackchannelAuthenticationResponse): Response {
    return json(body, { headers: NO_STORE })
  }

  /** §7.1 `requested_expiry`: a positive whole number of seconds, capped at {@link MAX_EXPIRY}. */
  #expiresIn(requested: string | undefined): number {
    if (requested === undefined) return this.#timing.expiresIn
    if (!/^[1-9]\d{0,8}$/.test(requested)) throw oauthError('invalid_request', 'requested_expiry must be a positive whole number of seconds')
    return Math.min(Number(requested), MAX_EXPIRY)
  }
}
