/**
 * `op.waitForRequest(endpoint, { where, timeout })`: the next request the OP answers at an
 * endpoint, as its event log shows it. Requests answered before the call do not count.
 */
import { matches } from '../add-ons/faults/armed.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { OPEvent } from './server-core.js'

/** The options of `waitForRequest`. */
export interface WaitForRequestOptions {
  /** Event parameters (and `client_id`) that must all be equal; the event shows no secrets. */
  where?: Record<string, string>
  /** How long to wait, in ms of real time: 5000 by default. */
  timeout?: number
}

/** The default of {@link WaitForRequestOptions.timeout}. */
export const DEFAULT_WAIT_TIMEOUT = 5000

/** The longest {@link WaitForRequestOptions.timeout}: timers fire at once beyond 2³¹−1 ms (Infinity included). */
export const MAX_WAIT_TIMEOUT = 2 ** 31 - 1

/** What `waitForRequest` needs of the OP: its event stream and its endpoints' names. */
export interface WaitSource {
  subscribe(listener: (event: OPEvent) => void): () => void
  endpointNames(): Iterable<string>
}

/**
 * Resolves with the next event of `endpoint` that matches `where`; rejects after `timeout` ms with
 * the list of what did arrive meanwhile.
 */
export function waitForRequest(source: WaitSource, endpoint: string, options: WaitForRequestOptions = {}): Promise<OPEvent> {
  const names = [...source.endpointNames()]
  if (!names.includes(endpoint)) throw new ConfigurationError('endpoint', `expected the name of an enabled endpoint (${names.join(', ')}), not ${JSON.stringify(endpoint)}`)
  const where = options.where ?? {}
  const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT
  if (typeof timeout !== 'number' || !(timeout >= 0 && timeout <= MAX_WAIT_TIMEOUT)) throw new ConfigurationError('options.timeout', `expected a number of ms from 0 to ${MAX_WAIT_TIMEOUT}`)
  const arrived: OPEvent[] = []
  return new Promise((resolve, reject) => {
    const stop = source.subscribe((event) => {
      if (event.endpoint === endpoint && matches(where, { params: event.params ?? {}, client_id: event.client_id })) {
        clearTimeout(timer)
        stop()
        resolve(event)
      } else {
        arrived.push(event)
      }
    })
    const timer = setTimeout(() => {
      stop()
      const seen = arrived.length ? arrived.map((e) => `${e.endpoint} ${e.method} ${e.status}${e.client_id ? ` (${e.client_id})` : ''}`).join(', ') : 'no request'
      reject(new Error(`waitForRequest('${endpoint}'${Object.keys(where).length ? `, where ${JSON.stringify(where)}` : ''}): none within ${timeout} ms; arrived: ${seen}`))
    }, timeout)
  })
}
