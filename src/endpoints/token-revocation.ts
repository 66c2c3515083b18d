/**
 * Token revocation (RFC 7009): POST, form-encoded, client authenticated. Revoking a refresh token
 * revokes its grant, and so every access token of that grant (§2.1). An unknown token is not an error.
 */
import { oauthError } from '../errors/oauth-error.js'
import { requireParams, type ParsedParams } from '../http/params.js'
import { NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest, EndpointHost } from './endpoint.js'
import { findToken } from './token-lookup.js'

/**
 * Token revocation (`/revoke`).
 * @see https://www.rfc-editor.org/rfc/rfc7009
 */
export class TokenRevocationEndpoint extends ClientAuthenticatedEndpoint<void> {
  readonly name = 'token_revocation'
  protected readonly parameters = ['token', 'token_type_hint']
  override readonly metadataKey = 'revocation_endpoint'

  /** How clients authenticate here. */
  override metadata(): Record<string, unknown> {
    return this.authMetadata('revocation')
  }

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/revoke', options)
  }

  protected async processRequest({ params }: ParsedParams, client: ClientRecord, { trace }: EndpointRequest): Promise<void> {
    requireParams(params, 'token')
    const found = await findToken(this.context, params.token, params.token_type_hint)
    if (!found) return
    const { key, record } = found
    // §2.1: the OP checks the token was issued to the client asking.
    if (record.client_id !== client.client_id) throw oauthError('invalid_request', 'the token was not issued to this client')
    trace.grant_id = record.grant_id
    this.context.actions.revokeToken(key)
  }

  protected doResponse(): Response {
    return new Response(null, { status: 200, headers: { ...NO_STORE } })
  }
}
