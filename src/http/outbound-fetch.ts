/**
 * The OP's own requests to URLs a client named (a `request_uri`, a `jwks_uri` it encrypts to):
 * bounded in time and size, and routed by the host. In Node the global `fetch` (so the test's msw
 * handlers answer); in the service worker, whose own `fetch` goes straight to the network, the
 * worker routes them through the app's msw handlers first (`setOutboundFetch`).
 */
import { oauthError, type ErrorCode } from '../errors/oauth-error.js'

/** How the OP sends a request of its own. */
export type OutboundFetch = (request: Request) => Promise<Response>

let outbound: OutboundFetch = (request) => fetch(request)

/** Sends one of the OP's own requests the way the host routes them (unbounded: the caller bounds it). */
export function outboundFetch(request: Request): Promise<Response> {
  return outbound(request)
}

/** Routes the OP's own requests (a host calls it once: the worker, through the app's handlers). */
export function setOutboundFetch(send: OutboundFetch): void {
  outbound = send
}

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

/** GETs `url` and returns its body as text: a 200 within `timeout`, at most `maxBytes`; else an OAuth error. */
export async function fetchBounded(url: string, bounds: FetchBounds): Promise<string> {
  const signal = AbortSignal.timeout(bounds.timeout)
  const timedOut = rejectOnAbort(signal)
  let response: Response
  try {
    // Raced too: a host (msw's interceptor) may not give up on the signal alone.
    response = await Promise.race([outbound(new Request(url, { headers: { accept: bounds.accept }, redirect: 'error', signal })), timedOut])
  } catch {
    throw oauthError(bounds.error, `${url} could not be fetched within ${bounds.timeout} ms`)
  }
  if (response.status !== 200) {
    // Not awaited: some hosts never settle the cancel of a body nobody reads.
    response.body?.cancel().catch(() => undefined)
    throw oauthError(bounds.error, `${url} answered ${response.status}, not 200`)
  }
  try {
    return await readAtMost(response, bounds.maxBytes, timedOut)
  } catch (thrown) {
    throw oauthError(bounds.error, thrown instanceof RangeError ? `${url} answered more than ${bounds.maxBytes} bytes` : `${url} could not be read within ${bounds.timeout} ms`)
  }
}

/** The body as UTF-8, refused (RangeError) past `maxBytes` whatever `content-length` says. */
async function readAtMost(response: Response, maxBytes: number, aborted: Promise<never>): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted])
      if (done) break
      size += value.byteLength
      if (size > maxBytes) throw new RangeError('too large')
      chunks.push(value)
    }
  } finally {
    reader.cancel().catch(() => undefined)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
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
