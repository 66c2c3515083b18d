/**
 * The built-in endpoints, listed once, in the order requests are matched: each entry's name,
 * how it is built from its settings, and whether the spec fixes its URL. The endpoint names and
 * types (`serverGet('endpoint', 'token')` is a `TokenEndpoint`), the `endpoints` option and its
 * validation, and the server's endpoint set are derived from this list. Each class holds its own
 * default path and path base, and the discovery members it contributes (`metadata()`).
 */
import type { EndpointSettings, RegistrationSettings } from '../config/options.js'
import type { KnownEndpoints } from '../config/validate.js'
import { AuthorizationEndpoint } from './authorization.js'
import type { AnyEndpoint, EndpointHost } from './endpoint.js'
import { InteractionEndpoint } from './interaction.js'
import { IntrospectionEndpoint } from './introspection.js'
import { JwksEndpoint } from './jwks.js'
import { ProviderConfigEndpoint } from './provider-config.js'
import { PushedAuthorizationEndpoint } from './pushed-authorization.js'
import { RegistrationEndpoint } from './registration.js'
import { RegistrationReadEndpoint } from './registration-read.js'
import { ServerMetadataEndpoint } from './server-metadata.js'
import { SessionEndpoint } from './session.js'
import { TokenEndpoint } from './token.js'
import { TokenRevocationEndpoint } from './token-revocation.js'
import { UserInfoEndpoint } from './userinfo.js'
import { WebFingerEndpoint } from './webfinger.js'
import { DeviceAuthorizationEndpoint, type DeviceAuthorizationSettings } from './device-authorization.js'
import { DeviceVerificationEndpoint } from './device-verification.js'
import { BackchannelAuthenticationEndpoint, type BackchannelAuthenticationSettings } from './backchannel-authentication.js'
import { CheckSessionIframeEndpoint } from './check-session.js'

/** One built-in endpoint: its name, its factory, and whether its path is fixed by a spec. */
export interface EndpointEntry<N extends string, E extends AnyEndpoint, S extends EndpointSettings> {
  readonly name: N
  readonly create: (serverGet: EndpointHost, settings: S) => E
  /** Well-known URLs: the `path` setting is refused. */
  readonly fixedPath: boolean
}

function entry<N extends string, E extends AnyEndpoint, S extends EndpointSettings = EndpointSettings>(
  name: N,
  create: (serverGet: EndpointHost, settings: S) => E,
  fixedPath = false,
): EndpointEntry<N, E, S> {
  return { name, create, fixedPath }
}

/** The built-in endpoints (idpyoidc's names), in the order requests are matched. */
export const ENDPOINT_REGISTRY = [
  entry('provider_config', (get, s) => new ProviderConfigEndpoint(get, s), true),
  entry('server_metadata', (get) => new ServerMetadataEndpoint(get), true),
  entry('webfinger', (get) => new WebFingerEndpoint(get), true),
  entry('jwks', (get, s) => new JwksEndpoint(get, s)),
  entry('registration', (get, s: RegistrationSettings) => new RegistrationEndpoint(get, s)),
  entry('registration_read', (get, s) => new RegistrationReadEndpoint(get, s)),
  entry('authorization', (get, s) => new AuthorizationEndpoint(get, s)),
  entry('pushed_authorization', (get, s) => new PushedAuthorizationEndpoint(get, s)),
  entry('interaction', (get, s) => new InteractionEndpoint(get, s)),
  entry('token', (get, s) => new TokenEndpoint(get, s)),
  entry('userinfo', (get, s) => new UserInfoEndpoint(get, s)),
  entry('introspection', (get, s) => new IntrospectionEndpoint(get, s)),
  entry('token_revocation', (get, s) => new TokenRevocationEndpoint(get, s)),
  entry('session', (get, s) => new SessionEndpoint(get, s)),
  entry('device_authorization', (get, s: DeviceAuthorizationSettings) => new DeviceAuthorizationEndpoint(get, s)),
  entry('device_verification', (get, s) => new DeviceVerificationEndpoint(get, s)),
  entry('backchannel_authentication', (get, s: BackchannelAuthenticationSettings) => new BackchannelAuthenticationEndpoint(get, s)),
  entry('check_session_iframe', (get, s) => new CheckSessionIframeEndpoint(get, s)),
] as const

type Registry = (typeof ENDPOINT_REGISTRY)[number]

/** The built-in endpoints, by name. */
export type EndpointTypes = { [E in Registry as E['name']]: ReturnType<E['create']> }

/** The name of a built-in endpoint. */
export type EndpointName = keyof EndpointTypes

/** The `endpoints` option: the settings each built-in endpoint takes, by name. */
export type BuiltInEndpointsConfiguration = { [E in Registry as E['name']]?: Parameters<E['create']>[1] }

declare module '../config/options.js' {
  // The option's members come from the list above; the configuration layer imports no endpoint.
  interface EndpointsConfiguration extends BuiltInEndpointsConfiguration {}
}

/** What the configuration's validation must know of the endpoints. */
export const KNOWN_ENDPOINTS: KnownEndpoints = {
  names: ENDPOINT_REGISTRY.map((e) => e.name),
  fixedPath: new Set(ENDPOINT_REGISTRY.filter((e) => e.fixedPath).map((e) => e.name)),
}
