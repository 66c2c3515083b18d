/**
 * The device authorization endpoint (RFC 8628 §3.1, §3.2): a client on a device with no browser
 * (or a poor keyboard) gets a `device_code` to poll with and a `user_code` for the person to type
 * at the verification page, `/device`.
 */
import { GrantType } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { checkScope } from './authorization/request.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import { polledFlowTiming, type PolledFlowSettings } from './polled-flows/settings.js'
import type { EndpointHost } from './endpoint.js'

/** The device authorization response. @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2 */
export interface DeviceAuthorizationResponse {
  device_code: string
  user_code: string
  verification_uri: string
  verification_uri_complete: string
  expires_in: number
  interval: number
}

/** Settings of the device authorization endpoint. */
export type DeviceAuthorizationSettings = PolledFlowSettings

/**
 * The device authorization endpoint: client authentication as at the token endpoint (public
 * clients send `client_id`); the client must be allowed the device code grant.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export class DeviceAuthorizationEndpoint extends ClientAuthenticatedEndpoint<DeviceAuthorizationResponse> {
  readonly name = 'device_authorization'
  override readonly metadataKey = 'device_authorization_endpoint'
  protected readonly parameters = ['scope']
  readonly #timing: { interval: number; expiresIn: number }

  constructor(serverGet: EndpointHost, settings: DeviceAuthorizationSettings = {}) {
    super(serverGet, '/device_authorization', settings)
    this.#timing = polledFlowTiming('device_authorization', settings, 600)
  }

  protected async processRequest({ params }: ParsedParams, client: ClientRecord): Promise<DeviceAuthorizationResponse> {
    if (!client.grant_types?.includes(GrantType.device_code)) {
      throw oauthError('unauthorized_client', `the client is not allowed the ${GrantType.device_code} grant`)
    }
    const page = this.serverGet('endpoint', 'device_verification')
    if (!page) throw oauthError('invalid_request', 'the verification page (device_verification) is disabled')
    // RFC 8628 §3.1: scope is optional; without it, an OpenID login.
    const scope = checkScope(this.context, client, params.scope ?? 'openid')
    const { interval, expiresIn } = this.#timing
    const codes = this.context.deviceCodes.issue({ client_id: client.client_id, scope, expires_in: expiresIn, interval })
    const verificationUri = page.url()
    return {
      ...codes,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(codes.user_code)}`,
      expires_in: expiresIn,
      interval,
    }
  }

  protected doResponse(body: DeviceAuthorizationResponse): Response {
    return json(body, { headers: NO_STORE })
  }
}
