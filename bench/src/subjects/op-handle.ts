/** This OP with no msw at all: every request goes to `op.handle(new Request(...))`. */
import { discover, type Fetch } from '../flow.js'
import { buildOp, OP_ISSUER, opRunning } from './op.js'
import type { StartOptions, Subject } from './subject.js'

export const opHandle: Subject = {
  id: 'op-handle',
  label: 'this OP, op.handle() (no msw)',
  async start({ keys, alg }: StartOptions) {
    const op = buildOp(keys, undefined, alg)
    const fetch: Fetch = (url, init) => op.handle(new Request(url, init))
    const endpoints = await discover(fetch, OP_ISSUER)
    return opRunning(op, fetch, endpoints)
  },
}
