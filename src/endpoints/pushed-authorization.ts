/**
 * Pushed authorization requests (RFC 9126): the client POSTs its authorization request, with its
 * client authentication, and gets a short-lived `request_uri` to send to the authorization
 * endpoint instead of the parameters. The request is validated here as the authorization endpoint
 * would, and every error answers here, as JSON (§2.3).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 */
import { AUTHORIZATION_PARAMETERS, CLIENT_AUTH_PARAMETERS } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import { spaceList, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { resolveRedirectUri } from './authorization/redirect-uri.js'
import { validateAuthorizationRequest } from './authorization/request.js'
import { supportedResponseModes } from './authorization/respond.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest, EndpointHost } from './endpoint.js'

interface PushedRequestResponse {
  request_uri: string
  expires_in: number
}

/**
 * The pushed authorization request endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 */
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

  /** Add-ons may have added parameters the request implies (docs/add-ons.md). */
  protected async processRequest(parsed: ParsedParams, client: ClientRecord, req: EndpointRequest): Promise<PushedRequestResponse> {
    const { params } = parsed
    // §2.1: the request itself must not refer to another one.
    if (params.request_uri !== undefined) throw oauthError('invalid_request', 'request_uri must not be sent to the pushed authorization request endpoint')
    const redirect = resolveRedirectUri(client, params.redirect_uri, spaceList(params.scope).includes('openid'))
    await validateAuthorizationRequest(this.context, client, parsed, redirect, supportedResponseModes(this.serverGet('add_ons')))

    const pushed: Record<string, string> = { ...params, client_id: client.client_id }
    for (const name of CLIENT_AUTH_PARAMETERS) if (name !== 'client_id') delete pushed[name]
    req.trace.params = { ...(params.scope ? { scope: params.scope } : {}), ...(params.redirect_uri ? { redirect_uri: params.redirect_uri } : {}) }
    if (!this.context.clients.get(client.client_id)) throw oauthError('invalid_client', 'the client was removed while the request was checked')
    this.commit(req)
    return this.context.pushedRequests.push(client.client_id, pushed)
  }

  /** §2.2: 201 Created. */
  protected doResponse(body: PushedRequestResponse): Response {
    return json(body, { status: 201, headers: NO_STORE })
  }
}
