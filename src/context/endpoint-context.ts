/**
 * What every endpoint shares (idpyoidc's `EndpointContext`): configuration, issuer, clock, keys,
 * clients, users, sessions and the store. It holds no state of its own beyond the store; what it
 * knows of the endpoints (their URLs, the metadata) it asks the {@link EndpointDirectory} it was
 * built with, so it imports neither the endpoints nor the server.
 */
import type { ResolvedConfiguration } from '../config/options.js'
import { globalFetch, type OutboundFetch } from '../http/outbound-fetch.js'
import { sha256 } from '../internal/hash.js'
import { clockOffsetSlice } from '../store/slices/clock-offset.js'
import { createStateApi, type OPStateApi } from '../store/slices/index.js'
import type { OPStore } from '../store/store.js'
import { Clock } from './clock.js'
import { KeyJar } from './keyjar.js'
import { RemoteKeySets } from './remote-key-sets.js'
import { randomId, randomToken } from '../internal/random.js'

/**
 * OpenID Provider / Authorization Server metadata.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export type ProviderMetadata = Record<string, unknown> & { issuer: string }

/** What the context asks of the OP about its endpoints: given by the server at construction. */
export interface EndpointDirectory {
  /** The URL of the enabled endpoint of that name, if any. */
  url(name: string): string | undefined
  /** The provider metadata for the endpoints enabled now. */
  metadata(): ProviderMetadata
}

/** The shared context of one OP: reach it with `serverGet('endpoint_context')`. */

/**
 * Each slice of the OP's state (`sessions`, `grants`, `tokens`, `clients`, `users`...) with its
 * actions and queries, and `actions`, the rules that cross slices: all on the context.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface EndpointContext extends Readonly<OPStateApi> {}

/**
 * What every endpoint shares (idpyoidc's `EndpointContext`): configuration, issuer, clock, keys and the
 * state's slices. Reach it with `op.serverGet('endpoint_context')`.
 */
export class EndpointContext {
  readonly config: ResolvedConfiguration
  readonly issuer: string
  readonly clock: Clock
  readonly store: OPStore
  readonly keyjar: KeyJar
  /** Clients' `jwks_uri` key sets, kept per OP for `limits.remoteJwksTtl`. */
  readonly remoteKeySets: RemoteKeySets
  /**
   * How the OP sends its own requests (a `request_uri`, a `jwks_uri`, a `sector_identifier_uri`, a
   * logout token): the route its host set (`op.outboundFetch`), else the global `fetch`.
   */
  outboundFetch: OutboundFetch = globalFetch
  readonly #endpoints: EndpointDirectory

  constructor(endpoints: EndpointDirectory, config: ResolvedConfiguration, store: OPStore) {
    this.#endpoints = endpoints
    this.config = config
    this.issuer = config.issuer
    this.clock = new Clock(config.clock, clockOffsetSlice(store))
    this.store = store
    const state = createStateApi({ store, clock: this.clock, settings: config, random: { id: randomId, token: randomToken }, hash: sha256 })
    this.keyjar = new KeyJar(state.keys, this.clock, config.signingAlgs, config.generatedKeys === 'fresh' ? undefined : config.issuer)
    this.remoteKeySets = new RemoteKeySets(config.limits, this.clock, () => this.outboundFetch)
    Object.assign(this, state)
  }

  /** The URL of an enabled endpoint, or undefined when it is disabled. */
  endpointUrl(name: string): string | undefined {
    return this.#endpoints.url(name)
  }

  /**
   * The metadata, true to what is enabled now: an endpoint that is off is not published, and
   * the features listed are the ones the endpoints implement.
   */
  providerInfo(): ProviderMetadata {
    return this.#endpoints.metadata()
  }
}
