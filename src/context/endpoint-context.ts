/**
 * What every endpoint shares (idpyoidc's `EndpointContext`): configuration, issuer, clock, keys,
 * clients, users, sessions and the store. It holds no state of its own beyond the store; other
 * endpoints are reached through `serverGet`, never held.
 */
import { supportedClaims } from '../claims/release.js'
import { ClientAuthMethod, DPOP_SIGNING_ALGS, SIGNING_ALGS, SECRET_JWT_ALGS, PROMPT_VALUES, RESPONSE_MODES } from '../consts.js'
import type { ServerGet } from '../server/server-get.js'
import { sha256 } from '../tokens/hash.js'
import { createStateApi, type OPStateApi } from '../store/slices/index.js'
import type { OPStore } from '../store/store.js'
import { Clock } from './clock.js'
import type { ResolvedConfiguration } from './configuration.js'
import { KeyJar } from './keyjar.js'
import { randomId, randomToken } from './random.js'

/**
 * OpenID Provider / Authorization Server metadata.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export type ProviderMetadata = Record<string, unknown> & { issuer: string }

/**
 * Each slice of the OP's state (`sessions`, `grants`, `tokens`, `clients`, `users`...) with its
 * actions and queries, and `actions`, the rules that cross slices: all on the context.
 */
export interface EndpointContext extends Readonly<OPStateApi> {}

export class EndpointContext {
  readonly config: ResolvedConfiguration
  readonly issuer: string
  readonly clock: Clock
  readonly store: OPStore
  readonly keyjar: KeyJar
  readonly #serverGet: ServerGet

  constructor(serverGet: ServerGet, config: ResolvedConfiguration, store: OPStore) {
    this.#serverGet = serverGet
    this.config = config
    this.issuer = config.issuer
    this.clock = new Clock(config.clock)
    this.store = store
    const state = createStateApi({ store, clock: this.clock, settings: config, random: { id: randomId, token: randomToken }, hash: sha256 })
    this.keyjar = new KeyJar(state.keys, this.clock)
    Object.assign(this, state)
  }

  /** The URL of an enabled endpoint, or undefined when it is disabled. */
  endpointUrl(name: string): string | undefined {
    return this.#serverGet('endpoint', name)?.url()
  }

  /**
   * The metadata, true to what is enabled now: an endpoint that is off is not published, and
   * the features listed are the ones the endpoints implement.
   */
  providerInfo(): ProviderMetadata {
    const { config } = this
    const endpoints = this.#serverGet('endpoints')
    const info: ProviderMetadata = { issuer: this.issuer }
    for (const endpoint of endpoints.values()) {
      if (endpoint.metadataKey) info[endpoint.metadataKey] = endpoint.url()
    }
    const authMethods = Object.values(ClientAuthMethod)
    // The grants the token endpoint handles now (its `grants` map can change at run time).
    const grants = this.#serverGet('endpoint', 'token')?.grants
    const assertionAlgs = [...SECRET_JWT_ALGS, ...SIGNING_ALGS]
    Object.assign(info, {
      scopes_supported: config.scopes,
      response_types_supported: ['code'],
      response_modes_supported: [...RESPONSE_MODES],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [...SIGNING_ALGS],
      token_endpoint_auth_methods_supported: authMethods,
      token_endpoint_auth_signing_alg_values_supported: assertionAlgs,
      claims_supported: supportedClaims(config.scopeClaims),
      claim_types_supported: ['normal'],
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      require_request_uri_registration: false,
      code_challenge_methods_supported: config.pkce.methods,
      authorization_response_iss_parameter_supported: true,
      prompt_values_supported: [...PROMPT_VALUES],
    })
    // Discovery §4.2: a list with zero elements is omitted.
    if (grants?.size) info.grant_types_supported = [...grants.keys()]
    if (config.acrValues.length) info.acr_values_supported = config.acrValues
    if (endpoints.has('pushed_authorization')) info.require_pushed_authorization_requests = config.requirePushedAuthorizationRequests
    if (endpoints.has('userinfo')) info.userinfo_signing_alg_values_supported = [...SIGNING_ALGS]
    // RFC 9449 §5.1: DPoP proofs are taken at the token endpoint (and UserInfo).
    if (endpoints.has('token')) info.dpop_signing_alg_values_supported = [...DPOP_SIGNING_ALGS]
    if (endpoints.has('introspection')) {
      info.introspection_endpoint_auth_methods_supported = authMethods.filter((m) => m !== 'none')
      info.introspection_endpoint_auth_signing_alg_values_supported = assertionAlgs
    }
    if (endpoints.has('token_revocation')) {
      info.revocation_endpoint_auth_methods_supported = authMethods
      info.revocation_endpoint_auth_signing_alg_values_supported = assertionAlgs
    }
    return info
  }
}
