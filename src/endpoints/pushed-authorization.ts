/**
 * Pushed authorization requests (RFC 9126): the client POSTs its authorization request, with its
 * client authentication, and gets a short-lived `request_uri` to send to the authorization
 * endpoint instead of the parameters. The request is validated here as the authorization endpoint
 * would, and every error answers here, as JSON (§2.3).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 */
import { AUTHORIZATION_PARAMETERS, CLIENT_AUTH_PARAMETERS } from '../consts.js'
import { dpopNonceHeader, readDPoPProof, spendDPoPProof } from '../dpop/proof.js'
import { oauthError } from '../errors/oauth-error.js'
import { spaceList, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { resolveRedirectUri } from './authorization/redirect-uri.js'
import { validateAuthorizationRequest } from './authorization/request.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest, EndpointHost } from './endpoint.js'

interface PushedRequestResponse {
  request_uri: string
  expires_in: number
}

export class PushedAuthorizationEndpoint extends ClientAuthenticatedEndpoint<PushedRequestResponse> {
  readonly name = 'pushed_authorization'
  override readonly metadataKey = 'pushed_authorization_request_endpoint'

  /**
   * Whether every client must push its requests first.
   * @see https://www.rfc-editor.org/rfc/rfc9126#section-5
   */
  override metadata(): Record<string, unknown> {
    return { require_pushed_authorization_requests: this.context.config.requirePushedAuthorizationRequests }
  }
  protected readonly parameters = AUTHORIZATION_PARAMETERS

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/par', options)
  }

  protected async processRequest(parsed: ParsedParams, client: ClientRecord | undefined, { trace, request }: EndpointRequest): Promise<PushedRequestResponse> {
    const { params } = parsed
    // §2.1: the request itself must not refer to another one.
    if (params.request_uri !== undefined) throw oauthError('invalid_request', 'request_uri must not be sent to the pushed authorization request endpoint')
    const redirect = resolveRedirectUri(client!, params.redirect_uri, spaceList(params.scope).includes('openid'))
    await validateAuthorizationRequest(this.context, client!, parsed, redirect)
    // RFC 9449 §10.1: a DPoP proof binds the code as dpop_jkt does; sent together, they name one key.
    const dpop = await readDPoPProof(this.context, request, { status: 400 })
    if (dpop && params.dpop_jkt !== undefined && params.dpop_jkt !== dpop.jkt) {
      throw oauthError('invalid_request', "dpop_jkt is not the thumbprint of the DPoP proof's key")
    }

    const pushed: Record<string, string> = { ...params, client_id: client!.client_id, ...(dpop ? { dpop_jkt: dpop.jkt } : {}) }
    for (const name of CLIENT_AUTH_PARAMETERS) if (name !== 'client_id') delete pushed[name]
    trace.params = { ...(params.scope ? { scope: params.scope } : {}), ...(params.redirect_uri ? { redirect_uri: params.redirect_uri } : {}) }
    spendDPoPProof(this.context, dpop)
    if (!this.context.clients.get(client!.client_id)) throw oauthError('invalid_client', 'the client was removed while the request was checked')
    return this.context.pushedRequests.push(client!.client_id, pushed)
  }

  /** §2.2: 201 Created. */
  protected doResponse(body: PushedRequestResponse, { request }: EndpointRequest): Response {
    return json(body, { status: 201, headers: { ...NO_STORE, ...dpopNonceHeader(this.context, request) } })
  }
}
