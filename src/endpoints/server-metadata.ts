/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414): the well-known segment goes between the
 * host and the issuer's path, `https://host/.well-known/oauth-authorization-server/{path}`.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
import type { EndpointOptions, PathBase, EndpointHost } from './endpoint.js'
import { ProviderConfigEndpoint } from './provider-config.js'

/**
 * OAuth 2.0 authorization server metadata at the origin's root
 * (`/.well-known/oauth-authorization-server{issuer path}`).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export class ServerMetadataEndpoint extends ProviderConfigEndpoint {
  override readonly name: string = 'server_metadata'
  override readonly pathBase: PathBase = 'origin'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    const issuerPath = new URL(serverGet('endpoint_context').issuer).pathname.replace(/\/$/, '')
    super(serverGet, { path: `/.well-known/oauth-authorization-server${issuerPath}`, ...options })
  }
}
