/**
 * msw-oidc-provider/core: the OP without any host binding, for hosts that do not load msw. Its
 * `Server` answers with `op.handle(request)` (Web APIs only); the main entry's adds `op.handlers`.
 *
 * ```ts
 * import { Server } from 'msw-oidc-provider/core'
 * const op = new Server({ issuer: 'https://op.example.test', clients: [...], users: [...] })
 * const response = await op.handle(new Request('https://op.example.test/.well-known/openid-configuration'))
 * ```
 */

// The OP
export { Server } from './server/server.js'
export type { OPEvent, ServerGet } from './server/server.js'
export type { EndpointName, EndpointTypes } from './endpoints/registry.js'
export { EndpointContext } from './context/endpoint-context.js'
export type { ProviderMetadata } from './context/endpoint-context.js'
export { Clock } from './context/clock.js'

// Configuration
export { DEFAULT_TTL } from './config/defaults.js'
export type {
  ServerConfiguration,
  ResolvedConfiguration,
  Ttl,
  EndpointSettings,
  EndpointsConfiguration,
  RegistrationSettings,
  ExtraTokenClaimsInput,
} from './config/options.js'
export type { ClientMetadata } from './client/metadata.js'

// Errors
export { OAuthError, oauthError, ErrorCode, ConfigurationError } from './errors/oauth-error.js'

// Endpoints, to extend or replace
export { Endpoint } from './endpoints/endpoint.js'
export type { EndpointRequest, EndpointOptions, EndpointHost, HttpMethod, RequestTrace } from './endpoints/endpoint.js'
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
export type { ClaimRule, ClaimRuleMatch, ClaimTarget, JsonValue } from './claims/rules.js'

// Protocol constants
export { SIGNING_ALGS, GrantType, ClientAuthMethod } from './consts.js'
export type { SigningAlg } from './consts.js'
