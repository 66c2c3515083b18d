/**
 * The OP's machinery: the endpoint context, the endpoint set and the add-ons, reached through
 * `serverGet` (after idpyoidc), and the dispatch that logs each answer. The endpoint set can change
 * at run time. `Server` (server.ts) adds the state and test controls on top.
 */
import type { AddOn, ReportedEvent, SessionEndInput } from '../add-ons/add-on.js'
import { DEFAULT_ADD_ONS } from '../add-ons/defaults.js'
import { PROFILE_ADD_ONS } from '../add-ons/fapi2/index.js'
import type { ResolvedConfiguration, ServerConfiguration } from '../config/options.js'
import { resolveConfiguration } from '../config/resolve.js'
import type { Clock } from '../context/clock.js'
import { EndpointContext } from '../context/endpoint-context.js'
import type { AnyEndpoint, RequestTrace } from '../endpoints/endpoint.js'
import { ENDPOINT_REGISTRY, KNOWN_ENDPOINTS, type EndpointName, type EndpointTypes } from '../endpoints/registry.js'
import { oauthError } from '../errors/oauth-error.js'
import { jsonError, preflight, withCors } from '../http/responses.js'
import { requestUrl } from '../http/request-reads.js'
import { createOPStore, type OPStore } from '../store/store.js'
import { answerSafely } from './answer-safely.js'
import { issuerScope, type IssuerScope } from './issuer-scope.js'
import { providerInfo } from './provider-info.js'
import { limitRequest } from './request-limits.js'
import { onlyOwnAddOns } from './body-readers.js'

/** One request the OP answered (or a thing an add-on did outside a request), as its event log shows it. */
export interface OPEvent extends ReportedEvent {
  /** The grant the request belongs to: requests of one flow share it. */
  grant_id?: string
}

/**
 * `serverGet`: how every part of the OP reaches every other part (after idpyoidc's `server_get`),
 * typed so that `serverGet('endpoint', 'token')` is a `TokenEndpoint`. Endpoints see it as their
 * `EndpointHost`, the part below the server.
 */
export interface ServerGetOf<S extends ServerCore> {
  (what: 'endpoint_context'): EndpointContext
  (what: 'server'): S
  (what: 'endpoints'): ReadonlyMap<string, AnyEndpoint>
  <N extends EndpointName>(what: 'endpoint', name: N): EndpointTypes[N] | undefined
  (what: 'endpoint', name: string): AnyEndpoint | undefined
  (what: 'add_ons'): Iterable<AddOn>
}

/** The part of the OP that answers requests; `Server` extends it with the state and test controls. */
export class ServerCore {
  readonly #config: ResolvedConfiguration
  readonly #store: OPStore
  readonly #context: EndpointContext
  readonly #endpoints = new Map<string, AnyEndpoint>()
  readonly #addOns = new Map<string, AddOn>(DEFAULT_ADD_ONS.map((addOn) => [addOn.name, addOn]))
  /** `#addOns` as a frozen list, made again after each change: endpoints collect their hooks once per list. */
  #addOnList: readonly AddOn[] | undefined
  /** The endpoints the OP built itself, which read a form body only as the request limits parsed it. */
  readonly #ownEndpoints = new WeakSet<AnyEndpoint>()
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
      { url: (name) => endpoints.get(name)?.url(), metadata: () => providerInfo(this.#context, endpoints.values(), this.#addOns.values()) },
      this.#config,
      this.#store,
    )
    this.seed()
    this.#context.sessionEnds.listen((session, cause) => this.#sessionEnded({ context: this.#context, session, cause, fetch: (request) => this.#context.outboundFetch(request), report: (event) => this.#emit(event) }))
    this.#context.keyjar.init(this.#config.jwks?.keys)
    if (this.#config.profile) for (const addOn of PROFILE_ADD_ONS[this.#config.profile]) this.#addOns.set(addOn.name, addOn)
    for (const { name, create } of ENDPOINT_REGISTRY) {
      const settings = this.#config.endpoints[name] ?? {}
      if (settings.enabled === false) continue
      const endpoint = create(this.serverGet, settings)
      this.#endpoints.set(name, endpoint)
      this.#ownEndpoints.add(endpoint)
    }
  }

  /**
   * Reaches any part of the OP: `serverGet('endpoint_context')`, `serverGet('endpoint', name)`,
   * `serverGet('endpoints')`, `serverGet('server')`, `serverGet('add_ons')`.
   */
  readonly serverGet: ServerGetOf<this> = ((what: string, name?: string) => {
    switch (what) {
      case 'endpoint_context':
        return this.#context
      case 'server':
        return this
      case 'endpoints':
        return this.#endpoints
      case 'endpoint':
        return this.#endpoints.get(name!)
      case 'add_ons':
        return (this.#addOnList ??= Object.freeze([...this.#addOns.values()]))
      default:
        throw new TypeError(`serverGet: unknown '${what}'`)
    }
  }) as ServerGetOf<this>

  /**
   * How the OP reaches URLs outside itself (a `request_uri`, a client's `jwks_uri`, a
   * `sector_identifier_uri`, back-channel logout): the global `fetch` (which msw's `setupServer`
   * routes to the test's handlers); hosts set their own (the worker: the app's handlers, then the
   * network; the Playwright fixture: the test's `context.route`s).
   */
  get outboundFetch(): (request: Request) => Promise<Response> {
    return this.#context.outboundFetch
  }

  set outboundFetch(send: (request: Request) => Promise<Response>) {
    this.#context.outboundFetch = send
  }

  /** The issuer identifier. */
  get issuer(): string {
    return this.#context.issuer
  }

  /** The OP's clock: `op.clock.advance(3600)` moves time for every expiry check. */
  get clock(): Clock {
    return this.#context.clock
  }

  /** The endpoint context, for the controls `Server` adds. */
  protected get context(): EndpointContext {
    return this.#context
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
    const url = requestUrl(request)
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

  /**
   * Installs an add-on into the endpoints it names, or replaces the one with the same name; its
   * hooks run after those of the add-ons installed before it (docs/add-ons.md).
   */
  installAddOn(addOn: AddOn): void {
    this.#addOns.delete(addOn.name)
    this.#addOns.set(addOn.name, addOn)
    this.#addOnList = undefined
  }

  /** Removes an installed add-on (a default one or one of yours): its hooks stop running. */
  removeAddOn(name: string): boolean {
    this.#addOnList = undefined
    return this.#addOns.delete(name)
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
      const bodyRead = this.#ownEndpoints.has(endpoint) && onlyOwnAddOns(this.serverGet('add_ons')) ? 'as-form' : 'any'
      const limited = await limitRequest(request, this.#config.limits, bodyRead)
      return limited instanceof Request ? endpoint.handle(limited, trace) : withCors(jsonError(limited), request, endpoint.cors)
    })
    this.#notify({ endpoint: endpoint.name, request, response, started, trace })
    return response
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
    this.#emit(event)
  }

  #sessionEnded(input: SessionEndInput): void {
    for (const addOn of this.#addOns.values()) addOn.sessionEnded?.(input)
  }

  #emit(event: OPEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('[msw-oidc-provider] an event listener threw', error)
      }
    }
  }

  /** Puts the configured clients and users into the state. */
  protected seed(): void {
    this.#context.users.replaceAll(this.#config.users.map((user) => structuredClone(user)))
    for (const client of this.#config.clients) this.#context.clients.put(structuredClone(client))
  }
}
