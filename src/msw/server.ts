/**
 * The OP with its msw binding: the host-free core `Server` plus `op.handlers`. This is the
 * `Server` of the package's main entry; `msw-oidc-provider/core` exports the core one.
 */
import type { HttpHandler } from 'msw'
import { Server as CoreServer } from '../server/server.js'
import type { ServerConfiguration } from '../config/options.js'
import { createHandlers } from './handlers.js'
import { nodeSigner } from './node-signer.js'

/**
 * An OpenID Provider in memory: `setupServer(...op.handlers)` (msw/node), or `op.handle(request)`
 * without msw. Reach its parts with `op.serverGet(...)`.
 */
export class Server extends CoreServer {
  #handlers: HttpHandler[] | undefined
  #builtAt = -1

  /** Builds an OP (see the core `Server`); in Node it signs with `node:crypto` (./node-signer.ts). */
  constructor(configuration: ServerConfiguration) {
    super(configuration)
    const signer = nodeSigner()
    if (signer) this.serverGet('endpoint_context').keyjar.useSigner(signer)
  }

  /**
   * MSW request handlers: `setupServer(...op.handlers)` (msw/node) or `getResponse(op.handlers, request)`.
   * One, for the issuer (docs/node.md); built once, and again after the endpoint set changes.
   */
  get handlers(): HttpHandler[] {
    if (!this.#handlers || this.#builtAt !== this.endpointRevision) {
      this.#handlers = createHandlers(this)
      this.#builtAt = this.endpointRevision
    }
    return [...this.#handlers]
  }
}
