/**
 * Stands in for `msw` in the ready-made worker script (vite.worker.config.ts; about a sixth of its
 * size with its dependencies). That script has no handlers of an app: every request it takes is
 * under the issuer, and `op.handle` answers it, as the OP's own msw handlers would (they delegate
 * to it). So `getResponse` finds no handler, and the OP's handlers are placeholders that nothing
 * runs. Worker entries of your own (msw-oidc-provider/worker, bundled by your app) keep the real msw
 * for their handlers.
 */

/** A handler placeholder: the ready-made worker never runs the OP's msw handlers. */
export interface StubHandler {
  /** Marks the placeholder. */
  readonly stub: true
}

/** msw's `http`, reduced to the one method the OP's handlers are built with. */
export const http = {
  /** A placeholder handler for any method on `_path`. */
  all(_path: RegExp | string, _resolver: unknown): StubHandler {
    return { stub: true }
  },
}

/** No handler answers: the caller falls back to `op.handle` (the OP's URLs) or the network. */
export async function getResponse(_handlers: readonly unknown[], _request: Request): Promise<Response | undefined> {
  return undefined
}
