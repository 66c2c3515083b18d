/**
 * `serverGet`: how every part of the OP reaches every other part (after idpyoidc's `server_get`),
 * typed so that `serverGet('endpoint', 'token')` is a `TokenEndpoint`.
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import type { AnyEndpoint } from '../endpoints/endpoint.js'
import type { AuthorizationEndpoint } from '../endpoints/authorization.js'
import type { InteractionEndpoint } from '../endpoints/interaction.js'
import type { IntrospectionEndpoint } from '../endpoints/introspection.js'
import type { JwksEndpoint } from '../endpoints/jwks.js'
import type { ProviderConfigEndpoint } from '../endpoints/provider-config.js'
import type { PushedAuthorizationEndpoint } from '../endpoints/pushed-authorization.js'
import type { RegistrationEndpoint } from '../endpoints/registration.js'
import type { RegistrationReadEndpoint } from '../endpoints/registration-read.js'
import type { ServerMetadataEndpoint } from '../endpoints/server-metadata.js'
import type { SessionEndpoint } from '../endpoints/session.js'
import type { TokenEndpoint } from '../endpoints/token.js'
import type { TokenRevocationEndpoint } from '../endpoints/token-revocation.js'
import type { UserInfoEndpoint } from '../endpoints/userinfo.js'
import type { WebFingerEndpoint } from '../endpoints/webfinger.js'
import type { Server } from './server.js'

/** The built-in endpoints, by name. */
export interface EndpointTypes {
  provider_config: ProviderConfigEndpoint
  server_metadata: ServerMetadataEndpoint
  webfinger: WebFingerEndpoint
  jwks: JwksEndpoint
  registration: RegistrationEndpoint
  registration_read: RegistrationReadEndpoint
  authorization: AuthorizationEndpoint
  pushed_authorization: PushedAuthorizationEndpoint
  interaction: InteractionEndpoint
  token: TokenEndpoint
  userinfo: UserInfoEndpoint
  introspection: IntrospectionEndpoint
  token_revocation: TokenRevocationEndpoint
  session: SessionEndpoint
}

export type EndpointName = keyof EndpointTypes

export interface ServerGet {
  (what: 'endpoint_context'): EndpointContext
  (what: 'server'): Server
  (what: 'endpoints'): ReadonlyMap<string, AnyEndpoint>
  <N extends EndpointName>(what: 'endpoint', name: N): EndpointTypes[N] | undefined
  (what: 'endpoint', name: string): AnyEndpoint | undefined
}
