/**
 * The ready-made worker script (dist/msw-oidc-worker.js): the OP and nothing else. The shim comes
 * first so that msw finds a `localStorage` when it is evaluated.
 */
import './local-storage-shim.js'
import { setupOidcWorker } from './oidc-worker.js'

setupOidcWorker()
