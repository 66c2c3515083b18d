/**
 * Add-ons, after idpyoidc's `add_on/`: a feature that touches several endpoints installs itself
 * into named steps of their pipeline from one folder, instead of being called from each endpoint.
 *
 *   parse → (afterParse) → authenticate client → (beforeProcess) → process (with commit; at
 *   authorization, afterTrust)
 *   → respond → (afterRespond);  metadata: (metadata) on the discovery document
 *
 * The server holds the installed add-ons in one list (`op.installAddOn`, `op.removeAddOn`); each
 * endpoint runs the hooks that the add-ons list under its name, in the order of that list, on
 * every request, so an endpoint added or replaced at run time gets them too.
 * @see ../../docs/add-ons.md
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import type { Params } from '../http/params.js'
import type { ClientRecord, Grant, LoginSession, ValidatedAuthorizationRequest } from '../store/state.js'
import type { SessionEndCause } from '../store/session-ends.js'

/**
 * What the steps of one request leave for the later ones: one typed slot per thing. An add-on
 * declares its own slot by merging into this interface (`declare module '…/add-on.js'`).
 */
export interface RequestSlots {
  /**
   * The access token presented at a protected resource, and the scheme it came with.
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-2
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
   */
  accessToken?: { token: string; scheme: 'Bearer' | 'DPoP' }
  /** At the end-session endpoint: the sessions this logout ended, as they were (for front-channel logout). */
  endedSessions?: readonly LoginSession[]
}

/** The part of a request on its way through an endpoint that hooks see (`EndpointRequest` is one). */
export interface HookRequest {
  readonly request: Request
  readonly url: URL
  readonly slots: RequestSlots
  /** What the OP learnt of the request so far: its client, once authenticated or named. */
  readonly trace: { readonly client_id?: string }
}

/** What every hook receives. */
export interface HookInput {
  readonly context: EndpointContext
  /** The name of the endpoint the request is for (`token`, `userinfo`…). */
  readonly endpoint: string
  readonly req: HookRequest
  /**
   * The protocol parameters, once parsed (query or form; empty for endpoints that read none).
   * A hook may add one the request implies.
   */
  readonly params: Params
}

/** What a hook before `process` receives: the authenticated client too, where the endpoint has one. */
export interface BeforeProcessInput extends HookInput {
  readonly client: ClientRecord | undefined
}

/** The hooks an add-on installs into one endpoint, each named for the step it follows or precedes. */
export interface EndpointHooks {
  /**
   * After parse: read more from the request into its slots; throwing refuses the request. A
   * Response returned answers instead of the endpoint (before client authentication).
   */
  afterParse?(input: HookInput): void | Response | Promise<void | Response>
  /**
   * After client authentication, before process: checks that may need the client. A Response
   * returned answers instead of the endpoint (process and respond are skipped).
   */
  beforeProcess?(input: BeforeProcessInput): void | Response | Promise<void | Response>
  /**
   * At authorization, once the client and its `redirect_uri` are trusted (inside process): an
   * error thrown goes back to the client (with `state` and `iss`, in its response mode) instead
   * of an error page.
   */
  afterTrust?(input: BeforeProcessInput): void | Promise<void>
  /**
   * Right before the request changes state (the endpoint calls `commit` there): spend what is
   * single-use. Synchronous, so that of two concurrent requests only one gets through.
   */
  commit?(input: HookInput): void
  /** After respond (successful answers only): the response to send, e.g. with headers added. */
  afterRespond?(input: HookInput, response: Response): Response | Promise<Response>
  /** Discovery members this add-on contributes while this endpoint is enabled. */
  metadata?(context: EndpointContext): Record<string, unknown>
  /**
   * At authorization, on every response sent back to the client (success or error, from the
   * endpoint or after a login page): add parameters to `input.params` (e.g. `session_state`).
   */
  authorizationParams?(input: AuthorizationResponseInput): void | Promise<void>
  /**
   * At authorization, after `authorizationParams`: a Response returned is sent instead of the
   * plain encoding of `input.params` (the first add-on to return one wins), e.g. a JARM JWT.
   */
  encodeAuthorizationResponse?(input: AuthorizationResponseInput): void | Response | Promise<void | Response>
  /** At authorization: the `response_mode` values this add-on answers in (`encodeAuthorizationResponse`). */
  responseModes?: readonly string[]
}

/**
 * An authorization response on its way back to the client, once its redirect URI is trusted.
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
export interface AuthorizationResponseInput {
  readonly context: EndpointContext
  readonly client: ClientRecord
  /** Where it goes and in which response mode (a JARM mode is already resolved: never plain `jwt`). */
  readonly target: { readonly redirect_uri: string; readonly response_mode: string; readonly state?: string }
  /** The response parameters: `code`, tokens or `error`…, with `state` and `iss`. Hooks may add. */
  readonly params: Record<string, string>
  /** The authorized request and its grant (absent for errors). */
  readonly request?: ValidatedAuthorizationRequest
  readonly grant?: Grant
  /** The plain encoding of `params` in a plain response mode (query, fragment, form_post), with the endpoint's status and headers. */
  send(params: Record<string, string>, mode: 'query' | 'fragment' | 'form_post'): Response
}

/** One add-on: a name (unique among the installed ones), the hooks it installs per endpoint name. */
export interface AddOn {
  readonly name: string
  /** Hooks by endpoint name; endpoints that are not enabled are skipped. */
  readonly endpoints: Readonly<Record<string, EndpointHooks>>
  /** Hooks for every endpoint, those added at run time included; they run before the named ones. */
  readonly all?: EndpointHooks
  /** Discovery members that belong to the OP as a whole, whichever endpoints are enabled. */
  metadata?(context: EndpointContext): Record<string, unknown>
  /**
   * A login session ended (logout, `op.endSession`, the user removed, expiry). Synchronous: work
   * that takes time (telling RPs) is started here and not awaited; it must not write state.
   */
  sessionEnded?(input: SessionEndInput): void
}

/**
 * An event of the OP's log (`op.subscribe`, `op.waitForRequest`): a request it answered, or a
 * thing an add-on did outside a request (the server's `OPEvent` adds the grant).
 */
export interface ReportedEvent {
  /** The endpoint that answered, or what the OP did, named like one (`backchannel_logout`). */
  endpoint: string
  method: string
  url: string
  /** The answer's status; 0 when there was none (a network error, unreachable, timed out). */
  status: number
  /** Milliseconds since the epoch, by the OP's clock. */
  started: number
  /** Milliseconds it took. */
  duration: number
  client_id?: string
  sub?: string
  params?: Record<string, string>
}

/** What a `sessionEnded` hook receives. */
export interface SessionEndInput {
  readonly context: EndpointContext
  /** The session as it was before it ended. */
  readonly session: LoginSession
  readonly cause: SessionEndCause
  /** Fetches outside the OP as its host routes it: the test's msw handlers in Node, the app's handlers then the network in the worker. */
  readonly fetch: (request: Request) => Promise<Response>
  /** Adds an event to the OP's event log. */
  readonly report: (event: ReportedEvent) => void
}

/**
 * `derive(addOns)`, worked out once per frozen list of add-ons: what `serverGet('add_ons')` gives,
 * a new list after each install or removal, so what is derived from it never goes stale. Any other
 * iterable (a caller's own) is derived from each time.
 */
export function perAddOnList<T>(derive: (addOns: Iterable<AddOn>) => T): (addOns: Iterable<AddOn>) => T {
  const derived = new WeakMap<Iterable<AddOn>, T>()
  return (addOns) => {
    if (!Object.isFrozen(addOns)) return derive(addOns)
    if (!derived.has(addOns)) derived.set(addOns, derive(addOns))
    return derived.get(addOns)!
  }
}

/** Each endpoint's hooks, filled as endpoints ask, per list of add-ons. */
const hooksByEndpoint = perAddOnList(() => new Map<string, readonly EndpointHooks[]>())

/**
 * The hooks that `addOns` install into the endpoint named `endpoint`, in installation order;
 * collected once per list of add-ons (see {@link perAddOnList}) and endpoint.
 */
export function hooksFor(addOns: Iterable<AddOn>, endpoint: string): readonly EndpointHooks[] {
  const byEndpoint = hooksByEndpoint(addOns)
  let hooks = byEndpoint.get(endpoint)
  if (!hooks) byEndpoint.set(endpoint, (hooks = Object.freeze(collectHooks(addOns, endpoint))))
  return hooks
}

function collectHooks(addOns: Iterable<AddOn>, endpoint: string): EndpointHooks[] {
  const hooks: EndpointHooks[] = []
  for (const addOn of addOns) {
    if (addOn.all) hooks.push(addOn.all)
    const own = Object.hasOwn(addOn.endpoints, endpoint) ? addOn.endpoints[endpoint] : undefined
    if (own) hooks.push(own)
  }
  return hooks
}

/**
 * The discovery members the add-ons contribute: each one's OP-wide members, then those it
 * attaches to the enabled endpoints in `enabled`.
 */
export function addOnMetadata(addOns: Iterable<AddOn>, enabled: ReadonlySet<string>, context: EndpointContext): Record<string, unknown> {
  const members: Record<string, unknown> = {}
  for (const addOn of addOns) {
    Object.assign(members, addOn.metadata?.(context))
    for (const [name, hooks] of Object.entries(addOn.endpoints)) {
      if (enabled.has(name)) Object.assign(members, hooks.metadata?.(context))
    }
  }
  return members
}
