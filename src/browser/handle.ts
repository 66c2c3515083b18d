/** The page's handle on the OP in the worker, as `startWorker` resolves to it. */
import { adminHandle, type AdminHandle } from '../protocol/admin-methods.js'
import { CHANNEL, type BroadcastMessage, type ConfigureResult, type RequestMessage, type WorkerConfiguration, type WorkerInfo } from '../protocol/messages.js'
import { assertJsonOnly } from './configuration.js'
import type { Remote } from './remote.js'
import { DEFAULT_WAIT_TIMEOUT, MAX_WAIT_TIMEOUT } from '../server/wait-for-request.js'

/** The timeout `waitForRequest` was given in its options (from the call's arguments). */
function waitTimeout(options: unknown): number {
  const timeout = (options as { timeout?: unknown } | undefined)?.timeout
  return typeof timeout === 'number' && timeout >= 0 ? timeout : DEFAULT_WAIT_TIMEOUT
}

/**
 * The page's handle on the OP in the worker. Every call goes to the worker (the browser starts it
 * when stopped). The OP's admin methods (`dump`, `reset`, `putUser`...) are the `Server`'s, listed
 * in `ADMIN_METHODS`, each returning a Promise.
 */
export interface OidcWorker extends AdminHandle {
  readonly issuer: string
  readonly registration: ServiceWorkerRegistration
  /** What the worker said when it was configured. */
  readonly started: ConfigureResult
  /** What the worker says about itself now (its `bootId` changes when the browser restarts it). */
  info(): Promise<WorkerInfo>
  /** Sends a configuration again (see the docs for what changes and what stays). */
  configure(configuration: Omit<WorkerConfiguration, 'issuer'>): Promise<ConfigureResult>
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

/** The handle on the worker that `remote` calls, for `issuer`, configured as `started` says. */
export function createHandle(issuer: string, registration: ServiceWorkerRegistration, remote: Remote, started: ConfigureResult): OidcWorker {
  const listeners = new Set<(message: BroadcastMessage) => void>()
  let channel: BroadcastChannel | undefined
  return {
    issuer,
    registration,
    started,
    // waitForRequest waits on purpose: its own timeout (and the usual one for the answer to come back),
    // capped where timers would fire at once, so that the worker's refusal of a longer one arrives.
    ...adminHandle((method, args) => remote.send(method, args, undefined, method === 'waitForRequest' ? Math.min(remote.timeout + waitTimeout(args[1]), MAX_WAIT_TIMEOUT) : undefined)),
    info: () => remote.call('hello', []),
    configure: async (configuration) => {
      const full: WorkerConfiguration = { ...configuration, issuer }
      assertJsonOnly(full, 'configuration')
      return remote.call('configure', [full])
    },
    events: () => remote.call('events', []),
    clearEvents: () => remote.call('clearEvents', []),
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
