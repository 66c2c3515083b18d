/**
 * One msw `setupServer` per process: switching subjects swaps its handlers (`resetHandlers`)
 * rather than patching and unpatching `fetch` again. Requests it has no handler for (the peers on
 * 127.0.0.1) go to the network untouched, and the peers are reached with the unpatched fetch anyway.
 */
import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'

let server: ReturnType<typeof setupServer> | undefined

export function useMswHandlers(handlers: RequestHandler[]): void {
  if (server) {
    server.resetHandlers(...handlers)
    return
  }
  const created = setupServer(...handlers)
  created.listen({ onUnhandledRequest: 'bypass' })
  server = created
}

export function closeMsw(): void {
  server?.close()
  server = undefined
}
