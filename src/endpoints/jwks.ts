/**
 * The OP's public keys (JWK Set, RFC 7517 §5), published as `jwks_uri`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
import type { JWK } from 'jose'
import { json } from '../http/responses.js'
import { Endpoint, type EndpointOptions, type EndpointHost } from './endpoint.js'

/**
 * The OP's public keys (`/jwks`), which clients verify its signatures with.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export class JwksEndpoint extends Endpoint<void, { keys: JWK[] }> {
  readonly name = 'jwks'
  readonly methods = ['GET'] as const
  override readonly metadataKey = 'jwks_uri'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/jwks', options)
  }

  protected override async parseRequest(): Promise<void> {}

  protected async processRequest(): Promise<{ keys: JWK[] }> {
    return this.context.keyjar.publicJwks()
  }

  protected doResponse(jwks: { keys: JWK[] }): Response {
    return json(jwks, { headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'no-cache' } })
  }
}
