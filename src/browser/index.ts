/**
 * msw-oidc-provider/browser: starts the OP's service worker from a page and hands back a remote
 * control for it.
 *
 * ```ts
 * import { startWorker } from 'msw-oidc-provider/browser'
 * const op = await startWorker({
 *   clients: [{ client_id: 'spa', redirect_uris: [`${location.origin}/callback`], token_endpoint_auth_method: 'none' }],
 *   users: [{ sub: 'alice', name: 'Alice Example' }],
 * })
 * // the issuer is `${location.origin}/oidc`; the page is controlled, log in as against a real OP
 * ```
 */
import type { ClientMetadata } from '../client/metadata.js'
import type { ClientRecord, OPState, User } from '../store/state.js'
import { VERSION } from '../version.js'
import {
  CALL,
  CHANNEL,
  ISSUER_PARAM,
  isOriginAllowed,
  issuerOnOrigin,
  originRefusal,
  type BroadcastMessage,
  type ConfigureResult,
  type Reply,
  type RequestMessage,
  type SerializedError,
  type WorkerConfiguration,
  type WorkerInfo,
  type WorkerMethod,
  type WorkerMethods,
} from '../worker/protocol.js'

/** Why `startWorker` or a call failed: `error.code` is one of these. */
export const WorkerErrorCode = {
  /** The browser has no service workers (an old browser, a private window, or not a secure context). */
  unsupported: 'unsupported',
  /** The page's origin is neither loopback nor listed in `allowedOrigins`. */
  originNotAllowed: 'origin_not_allowed',
  /** The configuration was refused (by the page, or by the worker: `error.field` names the field). */
  invalidConfiguration: 'invalid_configuration',
  /** The worker script is not where `url` says (404, or an HTML fallback page). */
  scriptMissing: 'script_missing',
  /** The worker script comes from another msw-oidc-provider release than the page. */
  scriptOutdated: 'script_outdated',
  /** The browser refused to register or start the worker for another reason. */
  registrationFailed: 'registration_failed',
  /** The worker did not become active, take control, or answer in time. */
  timeout: 'timeout',
  /** A call failed inside the worker. */
  workerError: 'worker_error',
} as const

export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode]

export class OidcWorkerError extends Error {
  override readonly name = 'OidcWorkerError'
  readonly code: WorkerErrorCode
  /** For `invalid_configuration`: the offending field, such as `clients[0].redirect_uris`. */
  readonly field: string | undefined

  constructor(code: WorkerErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(`[msw-oidc-provider] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
  }
}

export interface StartWorkerOptions extends Omit<WorkerConfiguration, 'issuer'> {
  /** The issuer: a URL on this page's origin. Default `${location.origin}/oidc`. */
  issuer?: string
  /** Where the worker script is served. Default `/msw-oidc-worker.js`. */
  url?: string
  /** The worker's scope. Default `/`. */
  scope?: string
  /** How long to wait for the worker to start, take control and answer, in ms. Default 10,000. */
  timeout?: number
  /** No console line when the worker is ready. */
  quiet?: boolean
}

/** The page's handle on the OP in the worker. Every call goes to the worker (the browser starts it when stopped). */
export interface OidcWorker {
  readonly issuer: string
  readonly registration: ServiceWorkerRegistration
  /** What the worker said when it was configured. */
  readonly started: ConfigureResult
  /** What the worker says about itself now (its `bootId` changes when the browser restarts it). */
  info(): Promise<WorkerInfo>
  /** Sends a configuration again (see the docs for what changes and what stays). */
  configure(configuration: Omit<WorkerConfiguration, 'issuer'>): Promise<ConfigureResult>
  /** A deep copy of all OP state (keys included). */
  dump(): Promise<OPState>
  /** Replaces all state with a snapshot from `dump()`. */
  load(state: OPState): Promise<void>
  /** Back to the configured clients and users, with no session, grant or token. Keys are kept. */
  reset(): Promise<void>
  /** Adds a user, or replaces the claims of the user with that `sub`. */
  putUser(user: User): Promise<User>
  /** Removes a user: their sessions end and their grants are revoked. */
  removeUser(sub: string): Promise<boolean>
  /** Adds (or replaces) a client, with RFC 7591 metadata. */
  addClient(metadata: ClientMetadata): Promise<ClientRecord>
  /** Removes a client: its tokens stop working. */
  removeClient(clientId: string): Promise<boolean>
  /** Revokes one issued token by its key in `state.tokens`. */
  revokeToken(key: string): Promise<boolean>
  /** Revokes a grant and every code and token minted from it. */
  revokeGrant(id: string): Promise<boolean>
  /** Ends a login session, as a logout would. */
  endSession(sid: string): Promise<boolean>
  /** Adds new signing keys; old ones stay published. */
  rotateKeys(): Promise<void>
  /**
   * The worker's log of the latest requests the OP answered (500 by default), oldest first, kept
   * across restarts: with it a timeline also shows what happened while no page listened (a redirect
   * login unloads the app). `seq` orders them, and matches the `request` messages of `subscribe`.
   */
  events(): Promise<RequestMessage[]>
  /** Empties the worker's log of requests. */
  clearEvents(): Promise<void>
  /**
   * Listens to the worker: `started` when the browser (re)starts it, `request` for every request
   * the OP answered (from any page or frame), `state` after every change. Every page of the origin
   * receives them, across worker restarts. Returns the function that stops listening.
   */
  subscribe(listener: (message: BroadcastMessage) => void): () => void
  /** Unregisters the worker (the saved OP stays in IndexedDB for the next start). */
  unregister(): Promise<boolean>
}

const DEFAULT_URL = '/msw-oidc-worker.js'
const DEFAULT_TIMEOUT = 10_000

/**
 * Registers the OP's worker, waits until it controls this page (a hard reload starts a page
 * uncontrolled: the worker is asked to claim it), sends the configuration, and resolves to a
 * handle on the OP.
 */
export async function startWorker(options: StartWorkerOptions = {}): Promise<OidcWorker> {
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined
  if (!container) {
    throw new OidcWorkerError(
      WorkerErrorCode.unsupported,
      'this browser offers no service workers here (they need a secure context: https, or http://localhost; private windows of some browsers have none)',
    )
  }
  const { url = DEFAULT_URL, scope = '/', timeout = DEFAULT_TIMEOUT, quiet = false, issuer: issuerOption, ...rest } = options
  const origin = location.origin
  const issuer = resolveIssuer(issuerOption ?? `${origin}/oidc`, origin)
  const configuration: WorkerConfiguration = { ...rest, issuer }
  assertJsonOnly(configuration, 'configuration')
  if (!isOriginAllowed(origin, configuration.allowedOrigins)) {
    throw new OidcWorkerError(WorkerErrorCode.originNotAllowed, originRefusal(origin).replace('[msw-oidc-provider] ', ''))
  }

  const scriptUrl = new URL(url, location.href)
  scriptUrl.searchParams.set(ISSUER_PARAM, issuer)
  const deadline = Date.now() + timeout
  let registration: ServiceWorkerRegistration | undefined
  try {
    registration = await container.register(scriptUrl.href, { scope, updateViaCache: 'none' })
  } catch (error) {
    throw await diagnoseRegistration(scriptUrl, error)
  }
  // Playwright's `serviceWorkers: 'block'` (the default of msw-oidc-provider/playwright) makes
  // register() resolve to nothing.
  if (!registration) {
    throw new OidcWorkerError(WorkerErrorCode.unsupported, 'service workers are blocked here (Playwright serviceWorkers: "block"?): under the Playwright fixture the test process is the OP, so do not start the worker')
  }
  if (!location.href.startsWith(registration.scope)) {
    throw new OidcWorkerError(WorkerErrorCode.registrationFailed, `this page is outside the worker's scope ${registration.scope}: give a scope that contains it`)
  }

  const remote = new Remote(registration, timeout)
  let info = await takeControl(registration, remote, deadline)
  if (info.version !== VERSION) {
    // The browser may hold an older script than the server has: look once more.
    await registration.update().catch(() => undefined)
    info = await takeControl(registration, remote, deadline)
    if (info.version !== VERSION) {
      throw new OidcWorkerError(
        WorkerErrorCode.scriptOutdated,
        `the worker script at ${scriptUrl.pathname} is from msw-oidc-provider ${info.version}, this page uses ${VERSION}: ` +
          'copy it again with `npx msw-oidc-provider init <publicDir>` (or serve it with the msw-oidc-provider/vite plugin)',
      )
    }
  }

  const started = await remote.call('configure', [configuration])
  if (!quiet) console.info(`[msw-oidc-provider] the OP for ${issuer} runs in the service worker (${started.outcome}${started.restored ? ', restored from IndexedDB' : ''})`)
  return createHandle(issuer, registration, remote, started)
}

function createHandle(issuer: string, registration: ServiceWorkerRegistration, remote: Remote, started: ConfigureResult): OidcWorker {
  const listeners = new Set<(message: BroadcastMessage) => void>()
  let channel: BroadcastChannel | undefined
  /** The handle's method that makes the worker call `method` with its arguments. */
  const call =
    <M extends WorkerMethod>(method: M) =>
    (...args: Parameters<WorkerMethods[M]>) =>
      remote.call(method, args)
  return {
    issuer,
    registration,
    started,
    info: call('hello'),
    configure: async (configuration) => {
      const full: WorkerConfiguration = { ...configuration, issuer }
      assertJsonOnly(full, 'configuration')
      return remote.call('configure', [full])
    },
    dump: call('dump'),
    load: call('load'),
    reset: call('reset'),
    putUser: call('putUser'),
    removeUser: call('removeUser'),
    addClient: call('addClient'),
    removeClient: call('removeClient'),
    revokeToken: call('revokeToken'),
    revokeGrant: call('revokeGrant'),
    endSession: call('endSession'),
    rotateKeys: call('rotateKeys'),
    events: call('events'),
    clearEvents: call('clearEvents'),
    subscribe(listener) {
      listeners.add(listener)
      if (!channel) {
        channel = new BroadcastChannel(CHANNEL)
        channel.onmessage = (event: MessageEvent<BroadcastMessage>) => {
          if (event.data?.issuer !== issuer) return
          for (const each of listeners) {
            try {
              each(event.data)
            } catch (error) {
              console.error('[msw-oidc-provider] a subscriber threw', error)
            }
          }
        }
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && channel) {
          channel.close()
          channel = undefined
        }
      }
    },
    unregister: async () => {
      channel?.close()
      channel = undefined
      listeners.clear()
      return registration.unregister()
    },
  }
}

/** Calls into the worker: one `MessageChannel` per call, to whichever worker is active now. */
class Remote {
  readonly #registration: ServiceWorkerRegistration
  readonly #timeout: number

  constructor(registration: ServiceWorkerRegistration, timeout: number) {
    this.#registration = registration
    this.#timeout = timeout
  }

  call<M extends WorkerMethod>(method: M, args: Parameters<WorkerMethods[M]>, target?: ServiceWorker): Promise<ReturnType<WorkerMethods[M]>> {
    const worker = target ?? this.#registration.active ?? navigator.serviceWorker.controller
    if (!worker) return Promise.reject(new OidcWorkerError(WorkerErrorCode.workerError, 'the worker is no longer registered'))
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel()
      const timer = setTimeout(() => {
        port1.close()
        reject(new OidcWorkerError(WorkerErrorCode.timeout, `the worker did not answer '${method}' within ${this.#timeout} ms`))
      }, this.#timeout)
      port1.onmessage = (event: MessageEvent<Reply<ReturnType<WorkerMethods[M]>>>) => {
        clearTimeout(timer)
        port1.close()
        const reply = event.data
        if (reply.ok) resolve(reply.value)
        else reject(fromWorker(method, reply.error))
      }
      worker.postMessage({ type: CALL, method, args }, [port2])
    })
  }
}

/**
 * Waits until the registration's newest worker is activated and controls this page, asking it to
 * claim the page when it does not (a hard reload, or a worker activated before this page existed).
 */
async function takeControl(registration: ServiceWorkerRegistration, remote: Remote, deadline: number): Promise<WorkerInfo> {
  const container = navigator.serviceWorker
  const worker = await activated(registration, deadline)
  if (container.controller?.scriptURL !== worker.scriptURL) {
    const changed = new Promise<void>((resolve) => {
      const check = () => {
        if (container.controller?.scriptURL === worker.scriptURL) {
          container.removeEventListener('controllerchange', check)
          resolve()
        }
      }
      container.addEventListener('controllerchange', check)
      check()
    })
    await remote.call('claim', [], worker)
    await withDeadline(changed, deadline, 'the worker did not take control of this page')
  }
  return remote.call('hello', [], worker)
}

/** The registration's newest worker, once activated. */
async function activated(registration: ServiceWorkerRegistration, deadline: number): Promise<ServiceWorker> {
  for (;;) {
    const worker = registration.installing ?? registration.waiting ?? registration.active
    if (!worker) throw new OidcWorkerError(WorkerErrorCode.registrationFailed, 'the registration has no worker')
    if (worker.state === 'activated') return worker
    const state = await withDeadline(
      new Promise<ServiceWorkerState>((resolve) => {
        const done = () => {
          if (worker.state === 'activated' || worker.state === 'redundant') {
            worker.removeEventListener('statechange', done)
            resolve(worker.state)
          }
        }
        worker.addEventListener('statechange', done)
        done()
      }),
      deadline,
      'the worker did not activate',
    )
    if (state === 'activated') return worker
    // Redundant: it failed to install, or a newer one replaced it.
    if (!registration.installing && !registration.waiting && registration.active?.state !== 'activated') {
      throw new OidcWorkerError(
        WorkerErrorCode.registrationFailed,
        `the worker script ${worker.scriptURL} failed to install: see its console (chrome://serviceworker-internals, or the Application tab of the developer tools)`,
      )
    }
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  const left = Math.max(0, deadline - Date.now())
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new OidcWorkerError(WorkerErrorCode.timeout, `${what} within the timeout`)), left)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** Why `register()` failed: most often the script is not there (a 404, or the SPA's index.html). */
async function diagnoseRegistration(scriptUrl: URL, error: unknown): Promise<OidcWorkerError> {
  const reason = error instanceof Error ? error.message : String(error)
  let response: Response | undefined
  try {
    response = await fetch(scriptUrl.href, { cache: 'no-store' })
  } catch {
    // The server cannot be reached: the browser's own message says more.
  }
  const type = response?.headers.get('content-type') ?? ''
  if (response && (!response.ok || !/javascript|ecmascript/i.test(type))) {
    const answer = response.ok ? `an ${type || 'unknown'} page (probably the app's fallback page)` : `${response.status} ${response.statusText}`.trim()
    return new OidcWorkerError(
      WorkerErrorCode.scriptMissing,
      `the worker script ${scriptUrl.pathname} is missing: the server answered ${answer}. ` +
        'Copy it into your public folder with `npx msw-oidc-provider init <publicDir>`, or add the msw-oidc-provider/vite plugin',
      { cause: error },
    )
  }
  return new OidcWorkerError(WorkerErrorCode.registrationFailed, `the browser refused to register ${scriptUrl.pathname}: ${reason}`, { cause: error })
}

function resolveIssuer(issuer: string, origin: string): string {
  let resolved: string | undefined
  try {
    resolved = issuerOnOrigin(issuer, origin)
  } catch {
    throw new OidcWorkerError(WorkerErrorCode.invalidConfiguration, `issuer '${issuer}' is not a URL`, { field: 'issuer' })
  }
  if (!resolved) {
    throw new OidcWorkerError(
      WorkerErrorCode.invalidConfiguration,
      `issuer ${issuer} is not on this page's origin ${origin}: a service worker cannot answer navigations to another origin. ` +
        'Use an issuer such as `${location.origin}/oidc`, or the Playwright fixture for another origin',
      { field: 'issuer' },
    )
  }
  return resolved
}

/** Only JSON crosses to the worker: functions (a `clock`, `extraTokenClaims`) are refused by name. */
function assertJsonOnly(value: unknown, path: string): void {
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new OidcWorkerError(
      WorkerErrorCode.invalidConfiguration,
      `${path} is a ${typeof value}: only JSON can be sent to the worker (a clock or extraTokenClaims works in Node and Playwright, not in the browser)`,
      { field: path.replace(/^configuration\.?/, '') },
    )
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertJsonOnly(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`)
  }
}

function fromWorker(method: string, error: SerializedError): OidcWorkerError {
  const code = error.name === 'ConfigurationError' ? WorkerErrorCode.invalidConfiguration : WorkerErrorCode.workerError
  const message = error.message.replace(/^\[msw-oidc-provider\] /, '')
  return new OidcWorkerError(code, method === 'configure' || code === WorkerErrorCode.invalidConfiguration ? message : `${method}: ${message}`, {
    ...(error.field ? { field: error.field } : {}),
  })
}

export type {
  WorkerConfiguration,
  WorkerInfo,
  ConfigureResult,
  BroadcastMessage,
  StartedMessage,
  RequestMessage,
  StateMessage,
} from '../worker/protocol.js'
export { VERSION } from '../version.js'
