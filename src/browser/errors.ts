/** The errors `startWorker` and the handle's calls throw: one class, told apart by `code`. */
import type { SerializedError } from '../protocol/messages.js'

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

/** One of the {@link WorkerErrorCode} values. */
export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode]

/** What `startWorker` and the handle's calls throw: `code` says why, `field` which setting. */
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

/** A call's error as the worker sent it, as the page throws it. */
export function fromWorker(method: string, error: SerializedError): OidcWorkerError {
  const code = error.name === 'ConfigurationError' ? WorkerErrorCode.invalidConfiguration : WorkerErrorCode.workerError
  const message = error.message.replace(/^\[msw-oidc-provider\] /, '')
  return new OidcWorkerError(code, method === 'configure' || code === WorkerErrorCode.invalidConfiguration ? message : `${method}: ${message}`, {
    ...(error.field ? { field: error.field } : {}),
  })
}

/**
 * The `script_outdated` error: the worker script the page registered comes from another release.
 * It names the command that copies the script again: `init` alone copies it into the folders the
 * app's package.json remembers (`"msw-oidc-provider": { "workerDirectory": [...] }`, written by the
 * first `init <publicDir>`).
 */
export function outdatedScriptError(scriptPath: string, scriptVersion: string, pageVersion: string): OidcWorkerError {
  return new OidcWorkerError(
    WorkerErrorCode.scriptOutdated,
    `the worker script at ${scriptPath} is from msw-oidc-provider ${scriptVersion}, this page uses ${pageVersion}: ` +
      'copy it again with `npx msw-oidc-provider init` (into the folders package.json remembers; the first time ' +
      '`npx msw-oidc-provider init <publicDir>`), or serve it with the msw-oidc-provider/vite plugin',
  )
}
