/** This OP through msw/node: `setupServer(...op.handlers)`, requests sent with the patched `fetch`. */
import { Server } from '../../../src/index.js'
import { closeMsw, useMswHandlers } from './msw-host.js'
import { startOp } from './op.js'
import type { Running, StartOptions, Subject } from './subject.js'

export function startOpMsw(options: StartOptions, ServerClass: typeof Server = Server): Promise<Running> {
  return startOp(options, ServerClass, (op) => {
    const handlers = op.handlers
    useMswHandlers(handlers)
    return {
      // Looked up at each call: msw's patched fetch.
      fetch: (url, init) => globalThis.fetch(url, init),
      activate: () => useMswHandlers(handlers),
      close: async () => closeMsw(),
    }
  })
}

export const opMsw: Subject = { id: 'op-msw', label: 'this OP, msw/node setupServer', start: (options) => startOpMsw(options) }
