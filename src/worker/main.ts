/**
 * The ready-made worker script (dist/msw-oidc-worker.js): the OP and nothing else. It needs no
 * `localStorage` stand-in (./local-storage-shim.ts): that is for msw, which this script stubs out
 * (vite.worker.config.ts).
 */
import { setupOidcWorker } from './oidc-worker.js'

setupOidcWorker()
