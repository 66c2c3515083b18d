/**
 * OpenID Provider configuration: `{issuer}/.well-known/openid-configuration`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
import { json } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import type { ProviderMetadata } from '../context/endpoint-context.js'
import { Endpoint, type EndpointOptions, type EndpointHost } from './endpoint.js'

/**
 * OpenID Provider configuration (`/.well-known/openid-configuration`).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export class ProviderConfigEndpoint extends Endpoint<void, ProviderMetadata> {
  readonly name: string = 'provider_config'
  readonly methods = ['GET'] as const

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/.well-known/openid-configuration', options)
  }

  protected override async parseRequest(): Promise<void> {}

  protected async processRequest(_parsed: void, _client: ClientRecord | undefined): Promise<ProviderMetadata> {
    return this.context.providerInfo()
  }

  protected doResponse(metadata: ProviderMetadata): Response {
    return json(metadata, { headers: { 'cache-control': 'no-cache' } })
  }
}
