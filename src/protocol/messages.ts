/**
 * What the page and the worker say to each other (the admin methods among the calls come from
 * `admin-methods.ts`). Runtime-neutral: imported by the worker, by
 * `startWorker` in the page, and by Node tests.
 *
 * - Page → worker: a {@link CallMessage} posted to the worker with a `MessagePort` for the one
 *   {@link Reply}. The browser starts a stopped worker to deliver it.
 * - Worker → pages: {@link BroadcastMessage}s on the `BroadcastChannel` named {@link CHANNEL}, which
 *   every page of the origin can listen to, and which a restarted worker opens again.
 */
import type { ServerConfiguration } from '../config/options.js'
import type { OPEvent } from '../server/server.js'
import type { OPState } from '../store/state.js'
import type { AdminCalls } from './admin-methods.js'

/** The `BroadcastChannel` the worker announces events and state on. */
export const CHANNEL = 'msw-oidc-provider'

/** The `type` of a call message. */
export const CALL = 'msw-oidc-provider:call'

/** The error name of a call refused because the page did not start the worker (the handle then sends `attach`). */
export const NOT_STARTED = 'NotStartedError'

/** The query parameter of the worker script URL that names the issuer the worker serves. */
export const ISSUER_PARAM = 'issuer'

/**
 * The configuration a page sends to the worker: the JSON-only part of {@link ServerConfiguration}
 * (no `clock`, no `extraTokenClaims`: functions cannot cross `postMessage`), plus the origins the
 * worker may serve on besides localhost.
 */
export interface WorkerConfiguration extends Omit<ServerConfiguration, 'clock' | 'extraTokenClaims'> {
  /**
   * Origins, besides `localhost`, `*.localhost`, `127.0.0.1` and `[::1]`, where the worker may serve
   * (e.g. `['https://preview.example.dev']`). A mock OP lets anyone log in as anyone: list an
   * origin only when it is a test deployment.
   */
  allowedOrigins?: string[]
  /**
   * Log in (authorize, the login page) only on navigations that a page of the app's own origin
   * started, or the browser itself: a link or redirect from another site gets a 403 page instead of
   * a silent login with the worker's session. Default false. See docs/security.md.
   */
  requireSameOriginLogin?: boolean
}

/** What a worker says about itself. */
export interface WorkerInfo {
  /** The msw-oidc-provider version the worker script was built from. */
  version: string
  /** The issuer the worker serves (from its script URL). */
  issuer: string
  /** Changes every time the browser starts the worker. */
  bootId: string
  /** When this run of the worker started (ms since the epoch). */
  startedAt: number
  /** Whether the worker holds a configuration (sent by a page or restored from IndexedDB). */
  configured: boolean
  /** Whether this run started from state saved in IndexedDB. */
  restored: boolean
  /** Whether the worker may serve on its origin. */
  allowed: boolean
}

/** What `configure` did with the configuration it was sent. */
export interface ConfigureResult extends WorkerInfo {
  /**
   * - `created`: the worker had no state for this issuer: a new OP.
   * - `unchanged`: the configuration equals the one the worker holds: nothing changed.
   * - `updated`: the new settings apply from now on; state was kept (see the docs for the rules).
   */
  outcome: 'created' | 'unchanged' | 'updated'
}

/**
 * The calls a page can make, with their arguments and results: the worker's own, and the admin
 * methods of the OP ({@link AdminCalls}, derived from `ADMIN_METHODS`).
 */
export interface WorkerMethods extends AdminCalls {
  hello(): WorkerInfo
  /** Makes the worker control every page in its scope now (`clients.claim()`). */
  claim(): void
  configure(configuration: WorkerConfiguration): ConfigureResult
  /**
   * Lets this page control the OP again after the browser restarted the worker (which forgets the
   * pages that started it), when it holds the configuration the worker runs; else refused.
   */
  attach(configuration: WorkerConfiguration): WorkerInfo
  /** The worker's log of the requests the OP answered, oldest first (kept across restarts). */
  events(): RequestMessage[]
  /** Empties that log. */
  clearEvents(): void
}

/** The name of a call a page can make. */
export type WorkerMethod = keyof WorkerMethods

/** A call from a page: the worker answers on the `MessagePort` sent with it. */
export interface CallMessage<M extends WorkerMethod = WorkerMethod> {
  type: typeof CALL
  method: M
  args: Parameters<WorkerMethods[M]>
}

/** An error as it crosses `postMessage`: enough to rebuild it on the other side. */
export interface SerializedError {
  name: string
  message: string
  /** For a `ConfigurationError`: the offending field. */
  field?: string
}

/** The worker's answer to a {@link CallMessage}. */
export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError }

/** Sent when the browser started the worker (first time, after an update, or after it was stopped). */
export interface StartedMessage {
  type: 'started'
  issuer: string
  bootId: string
  startedAt: number
  restored: boolean
}

/** One request the OP answered. */
export interface RequestMessage {
  type: 'request'
  issuer: string
  bootId: string
  /** Numbers the OP's requests in order, across worker restarts: the same in `events()` and live. */
  seq: number
  event: OPEvent
}

/** The OP's state after a change (sent once per burst of changes, after it was saved). */
export interface StateMessage {
  type: 'state'
  issuer: string
  bootId: string
  state: OPState
}

/** What the worker announces on {@link CHANNEL}. */
export type BroadcastMessage = StartedMessage | RequestMessage | StateMessage

/** An error as a {@link Reply} carries it: name, message, and the field of a `ConfigurationError`. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const field = (error as { field?: unknown }).field
    return { name: error.name, message: error.message, ...(typeof field === 'string' ? { field } : {}) }
  }
  return { name: 'Error', message: String(error) }
}
