/**
 * Bringing the worker up from the page: until it is activated and controls the page, within a
 * deadline, and why registering it failed.
 */
import type { WorkerInfo } from '../protocol/messages.js'
import { VERSION } from '../version.js'
import { OidcWorkerError, WorkerErrorCode } from './errors.js'
import type { Remote } from './remote.js'

/**
 * Waits until the registration's newest worker is activated and controls this page, asking it to
 * claim the page when it does not (a hard reload, or a worker activated before this page existed).
 */
export async function takeControl(registration: ServiceWorkerRegistration, remote: Remote, deadline: number): Promise<WorkerInfo> {
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

/**
 * When this page is controlled already by the worker `startWorker` would register (a reload, the
 * login callback): its registration and what it says, without `register()`, which costs a round
 * trip through the browser process (10–30 ms on a page that is loading) and would resolve to that
 * registration unchanged (same script, scope and `updateViaCache`: the Register algorithm returns
 * it as it is). The registration and the worker's `hello` are asked for at once. Undefined when
 * anything differs (another script or scope, a newer worker on its way, another version): then
 * `register()` and {@link takeControl} as on a first visit.
 * @see https://w3c.github.io/ServiceWorker/#register-algorithm
 */
export async function controlledAlready(
  scriptUrl: string,
  scope: string,
  remote: Remote,
  deadline: number,
): Promise<{ registration: ServiceWorkerRegistration; info: WorkerInfo } | undefined> {
  const container = navigator.serviceWorker
  const controller = container.controller
  if (controller?.scriptURL !== scriptUrl) return undefined
  // `ready` is the registration that controls this page.
  const [registration, info] = await Promise.all([withDeadline(container.ready, deadline, 'the worker did not become ready'), remote.call('hello', [], controller)])
  const newest = registration.installing ?? registration.waiting ?? registration.active
  const same = newest === controller && registration.scope === scope && registration.updateViaCache === 'none' && info.version === VERSION
  return same ? { registration, info } : undefined
}

/** The registration's newest worker, once activated. */
export async function activated(registration: ServiceWorkerRegistration, deadline: number): Promise<ServiceWorker> {
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

/** `promise`, or a `timeout` error saying `what` did not happen by `deadline` (ms since the epoch). */
export function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
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
export async function diagnoseRegistration(scriptUrl: URL, error: unknown): Promise<OidcWorkerError> {
  const reason = error instanceof Error ? error.message : String(error)
  let response: Response | undefined
  try {
    response = await fetch(scriptUrl.href, { cache: 'no-store' })
  } catch {
    // The server cannot be reached: the browser's own message says more.
  }
  const type = response?.headers.get('content-type') ?? ''
  if (response && (!response.ok || !/javascript|ecmascript/i.test(type))) {
    const answer = response.ok ? `${type ? `a ${type}` : 'an unknown'} page (probably the app's fallback page)` : `${response.status} ${response.statusText}`.trim()
    return new OidcWorkerError(
      WorkerErrorCode.scriptMissing,
      `the worker script ${scriptUrl.pathname} is missing: the server answered ${answer}. ` +
        'Copy it into your public folder with `npx msw-oidc-provider init <publicDir>`, or add the msw-oidc-provider/vite plugin',
      { cause: error },
    )
  }
  return new OidcWorkerError(WorkerErrorCode.registrationFailed, `the browser refused to register ${scriptUrl.pathname}: ${reason}`, { cause: error })
}
