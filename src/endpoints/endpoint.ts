/**
 * The base of every endpoint: one pipeline, as idpyoidc's `Endpoint`, with the named steps that
 * add-ons hook into (src/add-ons/add-on.ts, docs/add-ons.md):
 *
 *   parseRequest → afterParse → authenticateClient → beforeProcess → processRequest (commit)
 *   → doResponse → afterRespond
 *
 * Stages throw {@link OAuthError}s; `handle` turns whatever was thrown into the response the
 * endpoint's error style asks for (`renderError`) and adds CORS headers to every answer.
 */
import { hooksFor, type AddOn, type EndpointHooks, type HookInput, type HookRequest, type RequestSlots } from '../add-ons/add-on.js'
import type { ClientRecord } from '../store/state.js'
import type { EndpointContext } from '../context/endpoint-context.js'
import { oauthError, toOAuthError, type OAuthError } from '../errors/oauth-error.js'
import { collectParams, readForm, type Params, type ParsedParams } from '../http/params.js'
import { jsonError, preflight, withCors, type CorsPolicy } from '../http/responses.js'
import { decodePathSegment } from '../http/path-segment.js'
import { requestUrl } from '../http/request-reads.js'

/** The HTTP methods an endpoint may accept (OPTIONS, the CORS preflight, is always answered). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What the OP records about a request while answering it: the event log groups flows by it. */
export interface RequestTrace {
  client_id?: string
  grant_id?: string
  sub?: string
  /** Protocol parameters worth showing (never secrets). */
  params?: Record<string, string>
}

/**
 * What an endpoint may ask of the OP that holds it: the part of `serverGet` below the server.
 * Declared here, on the endpoints' side, so that endpoints never import the server; the server's
 * `serverGet` (typed more precisely) is one, so `new TokenEndpoint(op.serverGet)` works.
 */
export interface EndpointHost {
  (what: 'endpoint_context'): EndpointContext
  (what: 'endpoints'): ReadonlyMap<string, AnyEndpoint>
  (what: 'endpoint', name: string): AnyEndpoint | undefined
  /** The installed add-ons, in the order their hooks run. */
  (what: 'add_ons'): Iterable<AddOn>
}

/** One request on its way through an endpoint. */
export interface EndpointRequest extends HookRequest {
  request: Request
  url: URL
  /** Values of `:name` segments in the endpoint's path. */
  route: Record<string, string>
  trace: RequestTrace
  /** What the steps (and the add-ons' hooks) read from the request for the later ones. */
  slots: RequestSlots
}

/** Options every endpoint's constructor takes. */
export interface EndpointOptions {
  /** Path under the issuer; defaults to the endpoint's own. */
  path?: string
}

/** Where a path hangs: under the issuer, or at the root of its origin (fixed `.well-known` URLs). */
export type PathBase = 'issuer' | 'origin'

/** Any endpoint, whatever it parses and produces: what the server's endpoint set holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any>

/**
 * The base class of every endpoint: subclasses give a name, methods, a default path and the
 * `processRequest`/`doResponse` stages; `handle` runs the pipeline with the installed add-ons'
 * hooks. `Client` is what client authentication yields: `ClientRecord` where the endpoint
 * authenticates clients. The server that holds the endpoint records each answer in its event log.
 */
export abstract class Endpoint<Parsed = ParsedParams, Result = unknown, Client extends ClientRecord | undefined = ClientRecord | undefined> {
  /** The name `serverGet('endpoint', name)` finds it by (idpyoidc's endpoint names). */
  abstract readonly name: string
  abstract readonly methods: readonly HttpMethod[]
  /** The metadata member that publishes this endpoint's URL, if any. */
  readonly metadataKey: string | undefined = undefined
  readonly path: string
  readonly pathBase: PathBase = 'issuer'
  /** Who may read the answers from another origin (never with credentials): see {@link CorsPolicy}. */
  readonly cors: CorsPolicy = 'public'
  protected readonly serverGet: EndpointHost
  #pattern: RegExp | undefined
  #origin: string | undefined
  #routeNames: string[] = []
  /** Each request's hooks and hook input, for `commit`, which runs in the middle of `processRequest`. */
  readonly #hooked = new WeakMap<EndpointRequest, { hooks: readonly EndpointHooks[]; input: HookInput }>()

  constructor(serverGet: EndpointHost, defaultPath: string, options: EndpointOptions = {}) {
    this.serverGet = serverGet
    this.path = options.path ?? defaultPath
  }

  protected get context(): EndpointContext {
    return this.serverGet('endpoint_context')
  }

  /**
   * The discovery members this endpoint contributes beyond its URL (which `metadataKey` names):
   * the provider metadata is the fold of these over the enabled endpoints. None by default.
   */
  metadata(): Record<string, unknown> {
    return {}
  }

  /** The absolute URL of the endpoint (route parameters filled from `route`). */
  url(route: Record<string, string> = {}): string {
    const path = this.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(route[name] ?? `:${name}`))
    return joinUrl(this.#base(), path)
  }

  /** A URL pattern for msw (`:name` segments kept). */
  urlPattern(): string {
    return joinUrl(this.#base(), this.path)
  }

  /** The route parameters when `url` is this endpoint's, else undefined. */
  match(url: URL): Record<string, string> | undefined {
    if (!this.#pattern) {
      const base = new URL(this.#base())
      const basePath = base.pathname.replace(/\/$/, '')
      const source = (basePath + this.path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]+)/g, (_, name: string) => {
        this.#routeNames.push(name)
        return '([^/]+)'
      })
      this.#pattern = new RegExp(`^${source}$`)
      this.#origin = base.origin
    }
    // The path first: a URL's origin is built at each read, and most endpoints' paths do not match.
    const found = this.#pattern.exec(url.pathname)
    if (!found || url.origin !== this.#origin) return undefined
    const route: Record<string, string> = {}
    for (const [i, name] of this.#routeNames.entries()) {
      const value = decodePathSegment(found[i + 1]!)
      if (value === undefined) return undefined
      route[name] = value
    }
    return route
  }

  /**
   * Answers one request: never throws, always a Response with CORS headers. What it learns about
   * the request (client, grant, user) goes into `trace`, which the server's event log reads.
   */
  async handle(request: Request, trace: RequestTrace = {}): Promise<Response> {
    let response: Response
    if (request.method === 'OPTIONS') {
      response = preflight(request, this.methods, this.cors)
    } else {
      const url = requestUrl(request)
      const req: EndpointRequest = { request, url, route: this.match(url) ?? {}, trace, slots: {} }
      try {
        if (!(this.methods as readonly string[]).includes(request.method)) {
          throw oauthError('invalid_request', `${request.method} is not allowed here; use ${this.methods.join(' or ')}`, {
            status: 405,
            headers: { allow: [...this.methods, 'OPTIONS'].join(', ') },
          })
        }
        response = await this.#run(req)
      } catch (thrown) {
        const error = toOAuthError(thrown)
        if (error.error === 'server_error') reportServerError(this.name, thrown)
        response = this.renderError(error, req)
      }
      // A network error (a fault) has no headers to add: the host drops the connection.
      if (response.type !== 'error') response = withCors(response, request, this.cors)
    }
    return response
  }

  /** The pipeline's steps, with the add-ons' hooks between them. */
  async #run(req: EndpointRequest): Promise<Response> {
    const hooks = hooksFor(this.serverGet('add_ons'), this.name)
    const parsed = await this.parseRequest(req)
    const input: HookInput = { context: this.context, endpoint: this.name, req, params: paramsOf(parsed) }
    this.#hooked.set(req, { hooks, input })
    // Only the hooks there are are awaited: awaiting a missing one would still cost a turn.
    for (const hook of hooks) {
      const answer = hook.afterParse && (await hook.afterParse(input))
      if (answer) return answer
    }
    const client = await this.authenticateClient(req, parsed)
    if (client) req.trace.client_id = client.client_id
    for (const hook of hooks) {
      const answer = hook.beforeProcess && (await hook.beforeProcess({ ...input, client }))
      if (answer) return answer
    }
    const result = await this.processRequest(parsed, client, req)
    let response = await this.doResponse(result, req)
    for (const hook of hooks) if (hook.afterRespond) response = await hook.afterRespond(input, response)
    return response
  }

  /**
   * The step right before the request changes state: the add-ons spend what is single-use there
   * (a proof, a one-time token). Call it after the last `await` that precedes the change.
   */
  protected commit(req: EndpointRequest): void {
    const hooked = this.#hooked.get(req)
    if (!hooked) return
    for (const hook of hooked.hooks) hook.commit?.(hooked.input)
  }

  /**
   * Runs the add-ons' `afterTrust` hooks: the authorization endpoint calls it once the client and
   * its redirect URI are trusted, so that what they throw is redirected to the client.
   */
  protected async afterTrust(req: EndpointRequest, client: ClientRecord): Promise<void> {
    const hooked = this.#hooked.get(req)
    if (!hooked) return
    for (const hook of hooked.hooks) if (hook.afterTrust) await hook.afterTrust({ ...hooked.input, client })
  }

  /** Reads the parameters: the query for GET, the form body for POST. */
  protected async parseRequest(req: EndpointRequest): Promise<Parsed> {
    return (req.request.method === 'GET' ? collectParams(req.url.searchParams) : await readForm(req.request)) as Parsed
  }

  /** Authenticates the client when the endpoint needs one; the default needs none. */
  protected async authenticateClient(_req: EndpointRequest, _parsed: Parsed): Promise<Client> {
    // Endpoints that authenticate clients (Client = ClientRecord) override this.
    return undefined as Client
  }

  protected abstract processRequest(parsed: Parsed, client: Client, req: EndpointRequest): Promise<Result>

  protected abstract doResponse(result: Result, req: EndpointRequest): Promise<Response> | Response

  /** The error style of the endpoint: JSON (RFC 6749 §5.2) unless overridden. */
  protected renderError(error: OAuthError, _req: EndpointRequest): Response {
    return jsonError(error)
  }

  #base(): string {
    const issuer = this.context.issuer
    return this.pathBase === 'origin' ? new URL(issuer).origin : issuer
  }
}

/** Joins a base URL and a path that starts with '/', without doubling the slash. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/$/, '') + path
}

/** The protocol parameters of what `parseRequest` returned, when it read a query or form. */
function paramsOf(parsed: unknown): Params {
  if (typeof parsed !== 'object' || parsed === null || !('params' in parsed)) return {}
  const { params } = parsed as { params: unknown }
  return typeof params === 'object' && params !== null ? (params as Params) : {}
}

function reportServerError(endpoint: string, thrown: unknown): void {
  console.error(`[msw-oidc-provider] ${endpoint}: unexpected error`, thrown)
}
