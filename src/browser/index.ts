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
import { ISSUER_PARAM, type WorkerConfiguration } from '../protocol/messages.js'
import { isOriginAllowed, originRefusal } from '../protocol/origins.js'
import { VERSION } from '../version.js'
import { assertJsonOnly, resolveIssuer } from './configuration.js'
import { OidcWorkerError, outdatedScriptError, WorkerErrorCode } from './errors.js'
import { createHandle, type OidcWorker } from './handle.js'
import { controlledAlready, diagnoseRegistration, takeControl } from './lifecycle.js'
import { Remote } from './remote.js'

/** What `startWorker` takes: the OP's configuration, and where and how to start the worker. */
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
  const remote = new Remote(undefined, timeout)
  const already = await controlledAlready(scriptUrl.href, new URL(scope, location.href).href, remote, deadline)
  let registration = already?.registration
  let info = already?.info
  if (!registration || !info) {
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
    info = await takeControl(registration, remote, deadline)
    if (info.version !== VERSION) {
      // The browser may hold an older script than the server has: look once more.
      await registration.update().catch(() => undefined)
      info = await takeControl(registration, remote, deadline)
      if (info.version !== VERSION) {
        throw outdatedScriptError(scriptUrl.pathname, info.version, VERSION)
      }
    }
  }
  remote.registration = registration

  const started = await remote.call('configure', [configuration])
  if (!quiet) console.info(`[msw-oidc-provider] the OP for ${issuer} runs in the service worker (${started.outcome}${started.restored ? ', restored from IndexedDB' : ''})`)
  return createHandle(issuer, registration, remote, started)
}

export { OidcWorkerError, WorkerErrorCode } from './errors.js'
export type { OidcWorker } from './handle.js'
export type {
  WorkerConfiguration,
  WorkerInfo,
  ConfigureResult,
  BroadcastMessage,
  StartedMessage,
  RequestMessage,
  StateMessage,
} from '../protocol/messages.js'
export type { OPEvent } from '../server/server.js'
export type { OPState, User, ClientRecord, LoginSession, Grant, TokenRecord } from '../store/state.js'
export type { ClientMetadata } from '../client/metadata.js'
export { VERSION } from '../version.js'
