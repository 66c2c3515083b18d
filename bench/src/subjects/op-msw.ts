/** This OP through msw/node: `setupServer(...op.handlers)`, requests sent with the patched `fetch`. */
import { discover, type Fetch } from '../flow.js'
import { closeMsw, useMswHandlers } from './msw-host.js'
import { buildOp, OP_ISSUER, opRunning } from './op.js'
import type { StartOptions, Subject } from './subject.js'

export const opMsw: Subject = {
  id: 'op-msw',
  label: 'this OP, msw/node setupServer',
  async start({ keys, alg }: StartOptions) {
    const op = buildOp(keys, undefined, alg)
    const handlers = op.handlers
    useMswHandlers(handlers)
    // Looked up at each call: msw's patched fetch.
    const fetch: Fetch = (url, init) => globalThis.fetch(url, init)
    const endpoints = await discover(fetch, OP_ISSUER)
    return opRunning(op, fetch, endpoints, { activate: () => useMswHandlers(handlers), close: async () => closeMsw() })
  },
}
