/**
 * The OP inside a service worker: every request under the issuer (navigations, iframes, popups,
 * form posts, fetches) is answered in the worker by msw's `getResponse` over the OP's handlers;
 * every other request passes through untouched (or, for `fetch()` calls, to the app's own
 * handlers, when it gave some).
 *
 * The worker acts as one user agent: its login session is OP state (browsers drop `Set-Cookie`
 * on responses a worker builds). State and configuration are saved to IndexedDB before each
 * answer that changed them, so a worker the browser stops and starts again serves at once with
 * nothing lost.
 */
import { getResponse, type RequestHandler } from 'msw'
import { randomId } from '../internal/random.js'
import { ConfigurationError, oauthError } from '../errors/oauth-error.js'
import { jsonError } from '../http/responses.js'
import { messagePage } from '../pages/error-page.js'
import type { Server } from '../msw/server.js'
import type { OPState } from '../store/state.js'
import { VERSION } from '../version.js'
import { IndexedDbStorage, Saver, type OPStorage } from './persistence.js'
import {
  CALL,
  CHANNEL,
  ISSUER_PARAM,
  isOriginAllowed,
  issuerOnOrigin,
  originRefusal,
  serializeError,
  type BroadcastMessage,
  type CallMessage,
  type ConfigureResult,
  type RequestMessage,
  type WorkerConfiguration,
  type WorkerInfo,
  type WorkerMethod,
  type WorkerMethods,
} from './protocol.js'
import { buildServer, sameConfiguration } from './reconfigure.js'
import type { ExtendableMessageEvent, FetchEvent, ServiceWorkerScope } from './service-worker-types.js'

export interface OidcWorkerOptions {
  /**
   * Your own MSW request handlers (for your APIs). They are tried first, for requests under the
   * issuer too (so one can stand in for an OP endpoint), and for the requests `shouldHandle` picks.
   */
  handlers?: RequestHandler[]
  /**
   * Which requests outside the issuer go to `handlers`; the rest pass through untouched.
   * Default: `fetch()` and XHR calls (`request.destination === ''`), not navigations, scripts,
   * styles or images.
   */
  shouldHandle?: (request: Request) => boolean
  /** Where the OP is saved. Default: IndexedDB. */
  storage?: OPStorage
  /**
   * How many of the latest requests the worker keeps in its log (`events()` in the page), so that
   * a timeline also shows what the OP answered while no page listened (during a redirect login).
   * Default 500; 0 keeps none.
   */
  eventLog?: number
}

interface Running {
  op: Server
  /** The app's handlers first (one may stand in for an OP endpoint), then the OP's, built once. */
  handlers: RequestHandler[]
  configuration: WorkerConfiguration
  allowed: boolean
  stop(): void
}

const PASSTHROUGH_HEADER = 'x-msw-intention'

/** Starts the OP worker. Call it once, at the top level of the worker script. */
export function setupOidcWorker(options: OidcWorkerOptions = {}): void {
  const sw = globalThis as unknown as ServiceWorkerScope
  const appHandlers = options.handlers ?? []
  const shouldHandle = options.shouldHandle ?? ((request: Request) => request.mode !== 'navigate' && request.destination === '')
  const storage = options.storage ?? new IndexedDbStorage()
  const eventLog = options.eventLog ?? 500
  const origin = sw.location.origin
  /** Whether the worker may serve here before a configuration names other origins. */
  const loopback = isOriginAllowed(origin, undefined)
  const issuer = issuerOf(sw.location.href)
  const issuerUrl = new URL(issuer)
  const issuerPath = issuerUrl.pathname.replace(/\/$/, '')
  const bootId = randomId()
  const startedAt = Date.now()
  const channel = new BroadcastChannel(CHANNEL)
  let running: Running | undefined
  let events: RequestMessage[] = []
  let seq = 0
  let restored = false
  let refusalLogged = false
  let saveScheduled = false
  /** Answers in progress: a new configuration waits for them, so that their changes carry over. */
  const answering = new Set<Promise<Response>>()
  /** A configuration being applied: requests wait for it. */
  let reconfiguring: Promise<void> | undefined

  const broadcast = (message: BroadcastMessage): void => channel.postMessage(message)
  const saver = new Saver(
    storage,
    () => running && { issuer, configuration: running.configuration, state: liveState(running.op), events, seq },
    (state) => broadcast({ type: 'state', issuer, bootId, state }),
  )

  function install(op: Server, configuration: WorkerConfiguration, dirty: boolean): void {
    running?.stop()
    const stopEvents = op.subscribe((event) => {
      const message: RequestMessage = { type: 'request', issuer, bootId, seq: ++seq, event }
      if (eventLog > 0) {
        events.push(message)
        if (events.length > eventLog) events.shift()
        saver.markDirty(false)
      }
      broadcast(message)
    })
    const stopStore = op.store.subscribe(() => {
      saver.markDirty()
      // Changes outside a request (keys generated in the background) are saved soon. A request
      // saves its own changes before it answers: a change made while one is in progress waits
      // for that save rather than writing the state half-way through the request.
      if (!saveScheduled) {
        saveScheduled = true
        setTimeout(() => {
          saveScheduled = false
          void Promise.allSettled(answering).then(() => saver.save())
        }, 0)
      }
    })
    running = {
      op,
      handlers: [...appHandlers, ...op.handlers],
      configuration,
      allowed: isOriginAllowed(origin, configuration.allowedOrigins),
      stop: () => {
        stopEvents()
        stopStore()
      },
    }
    if (dirty) saver.markDirty()
  }

  function refuse(): void {
    if (refusalLogged) return
    refusalLogged = true
    console.error(originRefusal(origin))
  }

  const boot = (async () => {
    try {
      const saved = await storage.read(issuer)
      if (saved?.configuration && saved.state) {
        events = eventLog > 0 ? (saved.events ?? []).slice(-eventLog) : []
        seq = saved.seq ?? events.at(-1)?.seq ?? 0
        install(buildServer(saved.configuration, { configuration: saved.configuration, state: saved.state }), saved.configuration, false)
        restored = true
        if (!running!.allowed) refuse()
      }
    } catch (error) {
      console.error('[msw-oidc-provider] could not restore the OP saved in IndexedDB; it starts empty', error)
    }
    broadcast({ type: 'started', issuer, bootId, startedAt, restored })
  })()

  function info(): WorkerInfo {
    return {
      version: VERSION,
      issuer,
      bootId,
      startedAt,
      configured: running !== undefined,
      restored,
      allowed: running?.allowed ?? loopback,
    }
  }

  /** Whether a URL is the OP's: under the issuer, or one of its well-known URLs at the origin. */
  function isOpUrl(url: URL): boolean {
    if (running) return running.op.serves(url)
    // No OP yet (restoring, or not configured): the issuer's tree and its default well-known URLs.
    if (url.origin !== issuerUrl.origin) return false
    const path = url.pathname
    return path === issuerPath || path.startsWith(`${issuerPath}/`) || path === `/.well-known/oauth-authorization-server${issuerPath}` || path === '/.well-known/webfinger'
  }

  async function answerOp(request: Request, event: FetchEvent): Promise<Response> {
    await boot
    while (reconfiguring) await reconfiguring.catch(() => undefined)
    const current = running
    if (!(current?.allowed ?? loopback)) {
      refuse()
      return fetch(request)
    }
    if (!current) return notConfigured(request)
    const answer = (async () => {
      const revision = current.op.store.getState().revision
      // The MSW handlers, run here in the worker (DESIGN.md): the OP's answer everything under the
      // issuer, so there is always a response.
      const response = (await getResponse(current.handlers, request)) ?? (await current.op.handle(request))
      if (isPassthrough(response)) return fetch(request)
      // What the answer promises (a code, a token, a session) is on disk before it goes out; a
      // request that changed nothing but the request log is saved right after.
      if (current.op.store.getState().revision !== revision) await saver.save()
      else event.waitUntil(saver.save())
      return response
    })()
    answering.add(answer)
    const done = () => void answering.delete(answer)
    answer.then(done, done)
    return answer
  }

  /** Applies a configuration that differs from the one the OP runs, once the answers in progress are done. */
  async function reconfigure(configuration: WorkerConfiguration): Promise<ConfigureResult['outcome']> {
    while (reconfiguring) await reconfiguring.catch(() => undefined)
    if (running && sameConfiguration(running.configuration, configuration)) return 'unchanged'
    const outcome = running ? 'updated' : 'created'
    const swap = (async () => {
      await Promise.allSettled(answering)
      // The old OP is dropped: the new one takes its state as it is (`load` copies it).
      const previous = running && { configuration: running.configuration, state: liveState(running.op) }
      install(buildServer(configuration, previous), configuration, true)
      await saver.save()
    })()
    reconfiguring = swap
    try {
      await swap
    } finally {
      if (reconfiguring === swap) reconfiguring = undefined
    }
    return outcome
  }

  async function answerApp(request: Request): Promise<Response> {
    const response = await getResponse(appHandlers, request)
    return !response || isPassthrough(response) ? fetch(request) : response
  }

  sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()))
  sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()))

  sw.addEventListener('fetch', (event: FetchEvent) => {
    const { request } = event
    // DevTools' cache probes: fetching them again would fail.
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return
    const url = new URL(request.url)
    if (isOpUrl(url)) event.respondWith(answerOp(request, event))
    else if (appHandlers.length && url.origin === origin && shouldHandle(request)) event.respondWith(answerApp(request))
  })

  const methods: { [M in WorkerMethod]: (...args: Parameters<WorkerMethods[M]>) => ReturnType<WorkerMethods[M]> | Promise<ReturnType<WorkerMethods[M]>> } = {
    hello: () => info(),
    claim: () => sw.clients.claim(),
    configure: async (configuration) => {
      if (configuration === null || typeof configuration !== 'object') throw new TypeError('configure: the configuration must be an object')
      if (configuration.issuer !== issuer) {
        throw new Error(`this worker serves the issuer ${issuer}, not ${String(configuration.issuer)}: register it with ?${ISSUER_PARAM}=${encodeURIComponent(String(configuration.issuer))}`)
      }
      if (configuration.sessionBinding !== undefined && configuration.sessionBinding !== 'agent') {
        throw new ConfigurationError('sessionBinding', "must be 'agent' in a service worker: a worker never sees the browser's cookies, so its login session is worker state")
      }
      if (!isOriginAllowed(origin, configuration.allowedOrigins)) {
        running?.stop()
        running = undefined
        await storage.remove(issuer)
        refuse()
        throw new Error(originRefusal(origin))
      }
      const outcome = await reconfigure(configuration)
      return { ...info(), outcome }
    },
    dump: () => op().dump(),
    load: (state) => op().load(state),
    reset: () => op().reset(),
    putUser: (user) => op().putUser(user),
    removeUser: (sub) => op().removeUser(sub),
    addClient: (metadata) => op().addClient(metadata),
    removeClient: (clientId) => op().removeClient(clientId),
    revokeToken: (key) => op().revokeToken(key),
    revokeGrant: (id) => op().revokeGrant(id),
    endSession: (sid) => op().endSession(sid),
    rotateKeys: () => op().rotateKeys(),
    events: () => events,
    clearEvents: () => {
      events = []
      saver.markDirty(false)
    },
  }

  function op(): Server {
    if (!running) throw new Error(`the worker for ${issuer} has no configuration yet: call startWorker() first`)
    return running.op
  }

  async function answerCall(message: CallMessage): Promise<unknown> {
    await boot
    const method = methods[message.method] as ((...args: unknown[]) => unknown) | undefined
    if (!method || !Object.hasOwn(methods, message.method)) throw new TypeError(`unknown call '${String(message.method)}'`)
    const value = await method(...(Array.isArray(message.args) ? message.args : []))
    await saver.save()
    return value
  }

  sw.addEventListener('message', (event: ExtendableMessageEvent) => {
    const message = event.data as Partial<CallMessage> | null
    if (message?.type !== CALL) return
    const port = event.ports[0]
    const answered = answerCall(message as CallMessage).then(
      (value) => port?.postMessage({ ok: true, value }),
      (error: unknown) => port?.postMessage({ ok: false, error: serializeError(error) }),
    )
    event.waitUntil(answered)
  })
}

/** The issuer the worker serves: `?issuer=` of its script URL, else `{origin}/oidc`. */
function issuerOf(scriptUrl: string): string {
  const url = new URL(scriptUrl)
  const issuer = url.searchParams.get(ISSUER_PARAM) ?? `${url.origin}/oidc`
  const resolved = issuerOnOrigin(issuer, url.origin)
  if (!resolved) {
    throw new Error(`[msw-oidc-provider] the issuer ${issuer} is not on the worker's origin ${url.origin}: a service worker only sees its own origin`)
  }
  return resolved
}

/**
 * The OP's state as it is, without a copy: what is saved (IndexedDB copies it as it writes) and
 * broadcast (`postMessage` copies it) needs none, and a copy per request would clone every record.
 */
function liveState(op: Server): OPState {
  const { revision: _revision, ...state } = op.store.getState()
  return state
}

function isPassthrough(response: Response): boolean {
  return response.status === 302 && response.headers.get(PASSTHROUGH_HEADER) === 'passthrough'
}

function notConfigured(request: Request): Response {
  const message = 'This mock OpenID Provider has no configuration yet: the page must call startWorker() (msw-oidc-provider/browser) first.'
  if (request.mode === 'navigate') return messagePage('OP not configured', message, 503)
  return jsonError(oauthError('temporarily_unavailable', message))
}
