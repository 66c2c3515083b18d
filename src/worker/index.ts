/**
 * msw-oidc-provider/worker: the OP as a service worker, for a worker entry of your own that adds
 * your MSW handlers beside the OP's (one worker per scope can exist, so this is how an app keeps
 * its other mocks). Bundle it with the Vite plugin (`oidcWorker({ entry })`), which also makes sure
 * the `localStorage` stand-in runs before msw.
 *
 * ```ts
 * // src/oidc-worker.ts
 * import { setupOidcWorker } from 'msw-oidc-provider/worker'
 * import { http, HttpResponse } from 'msw'
 * setupOidcWorker({ handlers: [http.get('/api/me', () => HttpResponse.json({ ok: true }))] })
 * ```
 */
import './local-storage-shim.js'

export { setupOidcWorker } from './oidc-worker.js'
export type { OidcWorkerOptions } from './oidc-worker.js'
export { IndexedDbStorage } from './persistence.js'
export type { OPStorage, SavedOP } from './persistence.js'
export { CHANNEL } from '../protocol/messages.js'
export { isOriginAllowed } from '../protocol/origins.js'
export type {
  WorkerConfiguration,
  WorkerInfo,
  ConfigureResult,
  WorkerMethods,
  BroadcastMessage,
  StartedMessage,
  RequestMessage,
  StateMessage,
} from '../protocol/messages.js'
