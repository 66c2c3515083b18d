/**
 * The OP's own requests to URLs a client named (a `request_uri`, a `jwks_uri`, a
 * `sector_identifier_uri`, a back-channel logout): bounded in time and size, and sent by the route
 * its host set on the OP (`op.outboundFetch`, kept on the endpoint context). In Node and `serve` the
 * global `fetch` (so the test's msw handlers answer); the service worker, whose own `fetch` goes
 * straight to the network, routes them through the app's msw handlers first; the Playwright fixture
 * through the test's `context.route`s.
 */
import { oauthError, type ErrorCode } from '../errors/oauth-error.js'
import { readCapped } from './capped-body.js'

/** How the OP sends a request of its own. */
export type OutboundFetch = (request: Request) => Promise<Response>

/** The route of an OP whose host set none: the global `fetch`, looked up when called (msw patches it). */
export const globalFetch: OutboundFetch = (request) => fetch(request)

/** How much of an answer the OP reads, and for how long it waits. */
export interface FetchBounds {
  /** Milliseconds before the request is given up. */
  timeout: number
  /** Bytes of the body read at most; a longer body is refused. */
  maxBytes: number
  /** The error code of a failure (`invalid_request_uri`…). */
  error: ErrorCode
  /** The `accept` header. */
  accept: string
}

/**
 * GETs `url` through `send` (the OP's route) and returns its body as text: a 200 within `timeout`,
 * at most `maxBytes`; else an OAuth error.
 */
export async function fetchBounded(send: OutboundFetch, url: string, bounds: FetchBounds): Promise<string> {
  const signal = AbortSignal.timeout(bounds.timeout)
  const timedOut = rejectOnAbort(signal)
  let response: Response
  try {
    // Raced too: a host (msw's interceptor) may not give up on the signal alone.
    response = await Promise.race([send(new Request(url, { headers: { accept: bounds.accept }, redirect: 'error', signal })), timedOut])
  } catch {
    throw oauthError(bounds.error, `${url} could not be fetched within ${bounds.timeout} ms`)
  }
  if (response.status !== 200) {
    // Not awaited: some hosts never settle the cancel of a body nobody reads.
    response.body?.cancel().catch(() => undefined)
    throw oauthError(bounds.error, `${url} answered ${response.status}, not 200`)
  }
  let bytes: Uint8Array | undefined
  try {
    bytes = await Promise.race([readCapped(response, bounds.maxBytes), timedOut])
  } catch {
    throw oauthError(bounds.error, `${url} could not be read within ${bounds.timeout} ms`)
  }
  if (bytes === undefined) throw oauthError(bounds.error, `${url} answered more than ${bounds.maxBytes} bytes`)
  return new TextDecoder().decode(bytes)
}

/** A promise that rejects when `signal` aborts (never resolves). */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(new Error('timeout'))
    signal.addEventListener('abort', () => reject(new Error('timeout')), { once: true })
  })
  aborted.catch(() => undefined)
  return aborted
}
