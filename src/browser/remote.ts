/** The page's end of the calls into the worker (the worker's end: src/worker/rpc.ts). */
import { CALL, NOT_STARTED, type Reply, type WorkerConfiguration, type WorkerMethod, type WorkerMethods } from '../protocol/messages.js'
import { fromWorker, OidcWorkerError, WorkerErrorCode } from './errors.js'

/** Calls into the worker: one `MessageChannel` per call, to whichever worker is active now. */
export class Remote {
  /** Where calls go without a target: its active worker (until known, the page's controller). */
  registration: ServiceWorkerRegistration | undefined
  readonly #timeout: number
  /** The configuration this page last sent: `attach` shows it to a restarted worker. */
  #configuration: WorkerConfiguration | undefined

  /** @param timeout how long each call may take, in ms */
  constructor(registration: ServiceWorkerRegistration | undefined, timeout: number) {
    this.registration = registration
    this.#timeout = timeout
  }

  /** How long each call may take, in ms. */
  get timeout(): number {
    return this.#timeout
  }

  /** Calls `method` in `target`, else the active worker; rejects after the timeout, or with the worker's error. */
  call<M extends WorkerMethod>(method: M, args: Parameters<WorkerMethods[M]>, target?: ServiceWorker): Promise<ReturnType<WorkerMethods[M]>> {
    // The worker answers each call with that call's result (src/worker/rpc.ts).
    return this.send(method, args, target) as Promise<ReturnType<WorkerMethods[M]>>
  }

  /**
   * {@link call} for arguments typed elsewhere (the admin methods, mapped from `ADMIN_METHODS`).
   * A worker the browser restarted has forgotten that this page started it: the call is made
   * again after `attach`. `timeout` replaces the handle's for a call that waits on purpose.
   */
  async send(method: WorkerMethod, args: readonly unknown[], target?: ServiceWorker, timeout = this.#timeout): Promise<unknown> {
    const reply = await this.#post(method, args, target, timeout)
    if (!reply.ok && reply.error.name === NOT_STARTED && this.#configuration) {
      const attached = await this.#post('attach', [this.#configuration], target)
      if (!attached.ok) throw fromWorker(method, attached.error)
      return this.#settle(method, await this.#post(method, args, target, timeout))
    }
    if (reply.ok && method === 'configure') this.#configuration = args[0] as WorkerConfiguration
    return this.#settle(method, reply)
  }

  #settle(method: WorkerMethod, reply: Reply): unknown {
    if (reply.ok) return reply.value
    throw fromWorker(method, reply.error)
  }

  /** Posts one call, and resolves to the worker's reply. */
  #post(method: WorkerMethod, args: readonly unknown[], target?: ServiceWorker, timeout = this.#timeout): Promise<Reply> {
    const worker = target ?? this.registration?.active ?? navigator.serviceWorker.controller
    if (!worker) return Promise.reject(new OidcWorkerError(WorkerErrorCode.workerError, 'the worker is no longer registered'))
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel()
      const timer = setTimeout(() => {
        port1.close()
        reject(new OidcWorkerError(WorkerErrorCode.timeout, `the worker did not answer '${method}' within ${timeout} ms`))
      }, timeout)
      port1.onmessage = (event: MessageEvent<Reply>) => {
        clearTimeout(timer)
        port1.close()
        resolve(event.data)
      }
      worker.postMessage({ type: CALL, method, args }, [port2])
    })
  }
}
