/**
 * The OP: a `Server` with an endpoint context and a set of endpoints, reached through `serverGet`
 * (after idpyoidc). The endpoint set can change at run time, and the whole state can be dumped
 * and loaded.
 */
import type { ClientMetadata } from '../client/metadata.js'
import type { ResolvedConfiguration, ServerConfiguration } from '../config/options.js'
import { resolveConfiguration } from '../config/resolve.js'
import { validateClient, validateUser } from '../config/validate.js'
import type { Clock } from '../context/clock.js'
import { EndpointContext } from '../context/endpoint-context.js'
import type { AnyEndpoint, RequestTrace } from '../endpoints/endpoint.js'
import { ENDPOINT_REGISTRY, KNOWN_ENDPOINTS, type EndpointName, type EndpointTypes } from '../endpoints/registry.js'
import { supportedGrantTypes } from '../endpoints/token.js'
import { oauthError } from '../errors/oauth-error.js'
import { jsonError, preflight, withCors } from '../http/responses.js'
import { initialState, type ClientRecord, type OPState, type User } from '../store/state.js'
import { createOPStore, restore, snapshot, type OPStore } from '../store/store.js'
import { answerSafely } from './answer-safely.js'
import { limitRequest } from './request-limits.js'
import { issuerScope, type IssuerScope } from './issuer-scope.js'
import { providerInfo } from './provider-info.js'

/** One request the OP answered, as its event log shows it. */
export interface OPEvent {
  endpoint: string
  method: string
  url: string
  status: number
  /** Milliseconds since the epoch, by the OP's clock. */
  started: number
  /** Milliseconds the OP took. */
  duration: number
  client_id?: string
  /** The grant the request belongs to: requests of one flow share it. */
  grant_id?: string
  sub?: string
  params?: Record<string, string>
}

/**
 * `serverGet`: how every part of the OP reaches every other part (after idpyoidc's `server_get`),
 * typed so that `serverGet('endpoint', 'token')` is a `TokenEndpoint`. Endpoints see it as their
 * `EndpointHost`, the part below the server.
 */
export interface ServerGet<S extends Server = Server> {
  (what: 'endpoint_context'): EndpointContext
  (what: 'server'): S
  (what: 'endpoints'): ReadonlyMap<string, AnyEndpoint>
  <N extends EndpointName>(what: 'endpoint', name: N): EndpointTypes[N] | undefined
  (what: 'endpoint', name: string): AnyEndpoint | undefined
}

/**
 * The OP without a host binding: `op.handle(request)` answers any request with Web APIs only.
 * The package's main entry adds `op.handlers` (msw); `msw-oidc-provider/core` exports this one.
 */
export class Server {
  readonly #config: ResolvedConfiguration
  readonly #store: OPStore
  readonly #context: EndpointContext
  readonly #endpoints = new Map<string, AnyEndpoint>()
  readonly #listeners = new Set<(event: OPEvent) => void>()
  readonly #scope: IssuerScope
  #endpointRevision = 0

  /** Builds an OP. A configuration that cannot work throws a `ConfigurationError` naming the field. */
  constructor(configuration: ServerConfiguration) {
    this.#config = resolveConfiguration(configuration, KNOWN_ENDPOINTS)
    this.#scope = issuerScope(this.#config.issuer)
    this.#store = createOPStore()
    const endpoints = this.#endpoints
    this.#context = new EndpointContext(
      { url: (name) => endpoints.get(name)?.url(), metadata: () => providerInfo(this.#config, endpoints.values()) },
      this.#config,
      this.#store,
    )
    this.#seed()
    this.#context.keyjar.init(this.#config.jwks?.keys)
    for (const { name, create } of ENDPOINT_REGISTRY) {
      const settings = this.#config.endpoints[name] ?? {}
      if (settings.enabled !== false) this.#endpoints.set(name, create(this.serverGet, settings))
    }
  }

  /**
   * Reaches any part of the OP: `serverGet('endpoint_context')`, `serverGet('endpoint', name)`,
   * `serverGet('endpoints')`, `serverGet('server')`.
   */
  readonly serverGet: ServerGet<this> = ((what: string, name?: string) => {
    switch (what) {
      case 'endpoint_context':
        return this.#context
      case 'server':
        return this
      case 'endpoints':
        return this.#endpoints
      case 'endpoint':
        return this.#endpoints.get(name!)
      default:
        throw new TypeError(`serverGet: unknown '${what}'`)
    }
  }) as ServerGet<this>

  /** The issuer identifier. */
  get issuer(): string {
    return this.#context.issuer
  }

  /** The OP's clock: `op.clock.advance(3600)` moves time for every expiry check. */
  get clock(): Clock {
    return this.#context.clock
  }

  /** The zustand store holding all state (subscribe to it; write through the OP's methods). */
  get store(): OPStore {
    return this.#store
  }

  /** Answers a request without MSW: routes it to the endpoint whose URL it is. */
  async handle(request: Request): Promise<Response> {
    return answerSafely(request, (request) => this.#route(request))
  }

  /** The endpoint whose URL `request` is answers it; anything else under the issuer is a 404. */
  async #route(request: Request): Promise<Response> {
    const url = new URL(request.url)
    for (const endpoint of this.#endpoints.values()) {
      if (endpoint.match(url)) return this.dispatch(endpoint, request)
    }
    if (request.method === 'OPTIONS') return preflight(request, ['GET', 'POST'])
    return withCors(jsonError(oauthError('not_found', `no endpoint of this OP at ${url.pathname}`)), request)
  }

  /** Whether a URL belongs to one of the OP's endpoints. */
  owns(url: string | URL): boolean {
    const parsed = typeof url === 'string' ? new URL(url) : url
    for (const endpoint of this.#endpoints.values()) if (endpoint.match(parsed)) return true
    return false
  }

  /**
   * Whether the OP answers a URL: anything under the issuer (404 for what no endpoint serves), and
   * its endpoints outside it (the RFC 8414 metadata and WebFinger, at the origin's root). Hosts
   * route by it: the worker, the Playwright fixture.
   */
  serves(url: string | URL): boolean {
    const parsed = typeof url === 'string' ? new URL(url) : url
    return this.#scope.under(parsed) || this.owns(parsed)
  }

  /** Resolves once the signing keys exist (they are generated in the background at start). */
  ready(): Promise<void> {
    return this.#context.keyjar.ready()
  }

  // Endpoints -------------------------------------------------------------------------------------

  /** Adds an endpoint, or replaces the one with the same name. */
  setEndpoint(endpoint: AnyEndpoint): void {
    this.#endpoints.set(endpoint.name, endpoint)
    this.#endpointRevision++
  }

  /** Disables an endpoint: its URL answers 404 and the metadata stops publishing it. */
  removeEndpoint(name: string): boolean {
    this.#endpointRevision++
    return this.#endpoints.delete(name)
  }

  /** Counts the changes of the endpoint set, for hosts that build something from it (msw handlers). */
  protected get endpointRevision(): number {
    return this.#endpointRevision
  }

  /**
   * Answers `request` with `endpoint` and records the answer in the event log: every host routes
   * requests through here (or `handle`), so that each answer is logged once.
   */
  protected async dispatch(endpoint: AnyEndpoint, request: Request): Promise<Response> {
    const started = this.#context.clock.nowMs()
    const trace: RequestTrace = {}
    const response = await answerSafely(request, async (request) => {
      const limited = await limitRequest(request, this.#config.limits)
      return limited instanceof Request ? endpoint.handle(limited, trace) : withCors(jsonError(limited), request)
    })
    this.#notify({ endpoint: endpoint.name, request, response, started, trace })
    return response
  }

  // State -----------------------------------------------------------------------------------------

  /** A deep copy of all state (keys included) as JSON. */
  dump(): OPState {
    return snapshot(this.#store)
  }

  /** Restores a snapshot made by `dump()`: a restored OP validates the tokens it issued before. */
  load(state: OPState): void {
    restore(this.#store, state)
    this.#context.keyjar.reload()
  }

  /** Back to the configured clients and users, with no session, grant or token. Keys are kept. */
  reset(): void {
    const keys = this.#store.getState().keys
    restore(this.#store, { ...initialState(), keys })
    this.#context.remoteKeySets.clear()
    this.#seed()
  }

  /** Adds a user, or replaces the claims of the user with that `sub`. */
  putUser(user: User): User {
    return this.#context.users.put(validateUser(user, 'user'))
  }

  /** Removes a user: their sessions end and their grants are revoked. */
  removeUser(sub: string): boolean {
    return this.#context.actions.removeUser(sub)
  }

  /** Adds (or replaces) a client, with RFC 7591 metadata. Throws a `ConfigurationError` when invalid. */
  addClient(metadata: ClientMetadata): ClientRecord {
    // The grant types supported now, custom grants of the token endpoint included.
    return this.#context.clients.put(validateClient(metadata, 'client', { grantTypes: supportedGrantTypes(this.serverGet) }))
  }

  /** Removes a client: its tokens stop working. */
  removeClient(clientId: string): boolean {
    return this.#context.actions.removeClient(clientId)
  }

  /** Revokes one issued token by its key in `state.tokens` (a refresh token takes its grant along). */
  revokeToken(key: string): boolean {
    if (!this.#context.tokens.get(key)) return false
    this.#context.actions.revokeToken(key)
    return true
  }

  /** Revokes a grant: every code and token minted from it stops working. */
  revokeGrant(id: string): boolean {
    if (!this.#context.grants.get(id)) return false
    this.#context.grants.revoke(id)
    return true
  }

  /** Ends a login session, as a logout would (grants without offline_access end with it). */
  endSession(sid: string): boolean {
    if (!this.#context.sessions.get(sid)) return false
    this.#context.actions.logout(sid)
    return true
  }

  /** Adds new signing keys; the old ones stay in the JWKS so earlier tokens still verify. */
  rotateKeys(): Promise<void> {
    return this.#context.keyjar.rotate()
  }

  /** Listens to every request the OP answers. Returns the function that stops listening. */
  subscribe(listener: (event: OPEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(answered: { endpoint: string; request: Request; response: Response; started: number; trace: RequestTrace }): void {
    if (this.#listeners.size === 0) return
    const { trace } = answered
    const event: OPEvent = {
      endpoint: answered.endpoint,
      method: answered.request.method,
      url: answered.request.url,
      status: answered.response.status,
      started: answered.started,
      duration: this.#context.clock.nowMs() - answered.started,
      ...(trace.client_id ? { client_id: trace.client_id } : {}),
      ...(trace.grant_id ? { grant_id: trace.grant_id } : {}),
      ...(trace.sub ? { sub: trace.sub } : {}),
      ...(trace.params ? { params: trace.params } : {}),
    }
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('[msw-oidc-provider] an event listener threw', error)
      }
    }
  }

  /** Puts the configured clients and users into the state. */
  #seed(): void {
    this.#context.users.replaceAll(this.#config.users.map((user) => structuredClone(user)))
    for (const client of this.#config.clients) this.#context.clients.put(structuredClone(client))
  }
}
