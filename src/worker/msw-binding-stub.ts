/**
 * Stands in for two modules of the OP's msw binding (src/msw/) in the ready-made worker script
 * (vite.worker.config.ts): a service worker has no `node:crypto`, so the Node signer is never
 * there, and the script's msw is a stub that runs no handler (./msw-stub.ts), so the OP's handlers
 * would be placeholders.
 */
import type { JwsSigner } from '../context/signer.js'

/** No Node signer in a service worker: the core keeps WebCrypto, as src/msw/node-signer.ts finds too. */
export function nodeSigner(): JwsSigner | undefined {
  return undefined
}

/** No OP handlers: nothing in the ready-made worker would run them. */
export function createHandlers(): never[] {
  return []
}
