/** This OP with no msw at all: every request goes to `op.handle(new Request(...))`. */
import { Server } from '../../../src/index.js'
import { startOp } from './op.js'
import type { Running, StartOptions, Subject } from './subject.js'

export function startOpHandle(options: StartOptions, ServerClass: typeof Server = Server): Promise<Running> {
  return startOp(options, ServerClass, (op) => ({ fetch: (url, init) => op.handle(new Request(url, init)) }))
}

export const opHandle: Subject = { id: 'op-handle', label: 'this OP, op.handle() (no msw)', start: (options) => startOpHandle(options) }
