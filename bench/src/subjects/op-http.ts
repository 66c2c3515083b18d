/**
 * This OP over `node:http` on 127.0.0.1, in this process: `startServer`, the bridge that
 * `msw-oidc-provider serve` runs (request → `op.handle()` → response, a login cookie per user
 * agent), reached with Node's own `fetch` over loopback, as the peers are.
 */
import { startServer } from '../../../src/serve/http-server.js'
import { directFetch } from '../flow.js'
import { opConfiguration, opRunning } from './op.js'
import type { Running, StartOptions, Subject } from './subject.js'

export async function startOpHttp(options: StartOptions): Promise<Running> {
  // The CLI's flags for `serve --port 0`; the issuer is the bound address, as the CLI makes it.
  const server = await startServer({ port: 0, host: '127.0.0.1', https: false, admin: false }, opConfiguration(options))
  return opRunning(server.op, server.issuer, { fetch: directFetch, close: () => server.close() })
}

export const opHttp: Subject = { id: 'op-http', label: 'this OP, node:http on 127.0.0.1 (serve)', start: startOpHttp }
