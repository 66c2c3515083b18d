/**
 * Who may control the worker's OP: only the pages (clients) that started it through
 * `startWorker`. Every page of the origin is answered on the OP's URLs (a redirect login is a
 * navigation whose page may be new), but `dump` (private keys), `putUser`, `load`… are refused to a
 * page that never sent the handshake, so that a stray page of the origin cannot take the OP over
 * with a raw `postMessage` (see docs/security.md for what this does and does not guard).
 */
import { NOT_STARTED, type WorkerMethod } from '../protocol/messages.js'

/** Calls any page may make: they tell or change nothing of the OP (`startWorker` makes them first). */
const OPEN_CALLS: ReadonlySet<WorkerMethod> = new Set<WorkerMethod>(['hello', 'claim'])

/** The handshake: a page that makes one of these successfully may make every call from then on. */
const HANDSHAKE_CALLS: ReadonlySet<WorkerMethod> = new Set<WorkerMethod>(['configure', 'attach'])

/** Why a call was refused: the page did not start the worker (its name crosses to the page). */
export class NotStartedError extends Error {
  override readonly name = NOT_STARTED
}

/**
 * The ids of the clients (`FetchEvent.clientId`, `MessageEvent.source.id`) that started the
 * worker in this run of it. A worker the browser restarts forgets them: the page's handle then
 * sends `attach` with its configuration, and calls again.
 */
export class StartedClients {
  readonly #ids = new Set<string>()

  /** Throws a {@link NotStartedError} unless the client `id` may make the call `method`. */
  check(method: WorkerMethod, id: string | undefined): void {
    if (OPEN_CALLS.has(method) || HANDSHAKE_CALLS.has(method)) return
    if (id !== undefined && this.#ids.has(id)) return
    throw new NotStartedError(
      `'${method}' refused: this page did not start the worker. Only pages that called startWorker() (msw-oidc-provider/browser) may control the OP`,
    )
  }

  /** Records that the call `method` of client `id` succeeded: a handshake admits the client. */
  succeeded(method: WorkerMethod, id: string | undefined): void {
    if (id !== undefined && HANDSHAKE_CALLS.has(method)) this.#ids.add(id)
  }

  /** Keeps only the clients that still exist (called on a handshake, so the set stays small). */
  keepOnly(existing: ReadonlySet<string>): void {
    for (const id of this.#ids) if (!existing.has(id)) this.#ids.delete(id)
  }
}
