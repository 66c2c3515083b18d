/**
 * msw-oidc-provider: an OpenID Provider that runs in memory, for tests and development.
 *
 * ```ts
 * const op = new Server({ issuer: 'https://op.example.test', clients: [...], users: [...] })
 * setupServer(...op.handlers)
 * ```
 */

// The OP
export { Server } from './server/server.js'
export type { OPEvent } from './server/server.js'
export type { ServerGet, EndpointName, EndpointTypes } from './server/server-get.js'
export { EndpointContext } from './context/endpoint-context.js'
export type { ProviderMetadata } from './context/endpoint-context.js'
export { Clock } from './context/clock.js'

// Configuration
export { DEFAULT_TTL } from './context/configuration.js'
export type {
  ServerConfiguration,
  ResolvedConfiguration,
  Ttl,
  EndpointSettings,
  EndpointsConfiguration,
  RegistrationSettings,
  ExtraTokenClaimsInput,
} from './context/configuration.js'
export type { ClientMetadata } from './client/metadata.js'

// Errors
export { OAuthError, oauthError, ErrorCode, ConfigurationError } from './errors/oauth-error.js'

// Endpoints, to extend or replace
export { Endpoint } from './endpoints/endpoint.js'
export type { EndpointRequest, EndpointOptions, HttpMethod, RequestTrace } from './endpoints/endpoint.js'
export { AuthorizationEndpoint } from './endpoints/authorization.js'
export { InteractionEndpoint } from './endpoints/interaction.js'
export { IntrospectionEndpoint } from './endpoints/introspection.js'
export { JwksEndpoint } from './endpoints/jwks.js'
export { ProviderConfigEndpoint } from './endpoints/provider-config.js'
export { PushedAuthorizationEndpoint } from './endpoints/pushed-authorization.js'
export { RegistrationEndpoint } from './endpoints/registration.js'
export { RegistrationReadEndpoint } from './endpoints/registration-read.js'
export { ServerMetadataEndpoint } from './endpoints/server-metadata.js'
export { SessionEndpoint } from './endpoints/session.js'
export { TokenEndpoint } from './endpoints/token.js'
export { TokenRevocationEndpoint } from './endpoints/token-revocation.js'
export { UserInfoEndpoint } from './endpoints/userinfo.js'
export { WebFingerEndpoint } from './endpoints/webfinger.js'
export type { GrantHandler, GrantHandlerInput } from './endpoints/grants/grant.js'

// State
export type {
  OPState,
  User,
  ClientRecord,
  LoginSession,
  Grant,
  TokenRecord,
  AuthorizationCodeRecord,
  Interaction,
  PrivateJWK,
  PushedRequestRecord,
} from './store/state.js'
export type { OPStore, StoreState } from './store/store.js'
export type { ClaimsRequest } from './claims/claims-request.js'

// Protocol constants
export { SIGNING_ALGS, GrantType, ClientAuthMethod } from './consts.js'
export type { SigningAlg } from './consts.js'
