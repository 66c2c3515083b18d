/**
 * The standalone server: `node:http` (or `node:https`) in front of `op.handle`, with the admin
 * control plane and the state file when asked, and a shutdown that lets the answers under way finish.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as NodeServer, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { Server } from '../server/server.js'
import { nodeSigner } from '../msw/node-signer.js'
import type { OPEvent } from '../server/server.js'
import { ADMIN_FOLDER, answerAdmin } from './admin.js'
import { type ServeConfiguration, serverConfiguration } from './config-file.js'
import { BodyTooLargeError, toWebRequest, writeJson, writeWebResponse } from './node-bridge.js'
import { defaultIssuer, type ServeOptions } from './options.js'
import { loadStateFile, persistState } from './state-file.js'
import { readCertificate, selfSignedCertificate, type TlsCertificate } from './tls.js'

/** How many answered requests `GET __admin/requests` keeps. */
export const EVENT_LOG_SIZE = 500

/** How long a shutdown waits for the answers under way before it closes their connections. */
const SHUTDOWN_GRACE_MS = 10_000

/** A port already taken, or an address that cannot be bound: exit 1 with this message. */
export class ListenError extends Error {
  override readonly name = 'ListenError'
}

/** A running server. */
export interface RunningServer {
  op: Server
  issuer: string
  /** Where it listens (`http://127.0.0.1:4000`), which may differ from the issuer. */
  listening: string
  tls?: TlsCertificate
  /** Whether the state was loaded from the state file. */
  restored: boolean
  /** Stops accepting connections, lets the answers under way finish, saves the state. */
  close(): Promise<void>
}

/** Starts the server; `file` is the configuration file's content, if any. */
export async function startServer(options: ServeOptions, file?: ServeConfiguration): Promise<RunningServer> {
  // The issuer's host is known before the port: the self-signed certificate names it.
  const issuerHost = new URL(serverConfiguration(file, { flag: options.issuer, listen: defaultIssuer(options.host, options.port, options.https) }).issuer).hostname
  const tls = options.cert !== undefined && options.key !== undefined ? readCertificate(options.cert, options.key) : options.https ? await selfSignedCertificate(issuerHost) : undefined
  let closing = false
  let handler: (incoming: IncomingMessage, outgoing: ServerResponse) => void = (_, outgoing) => writeJson(outgoing, 503, { error: 'temporarily_unavailable' })
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // Once shutting down, a connection is closed after its answer rather than kept alive.
    outgoing.once('finish', () => closing && node.closeIdleConnections())
    handler(incoming, outgoing)
  }
  const node: NodeServer = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener)
  const port = await listen(node, options.port, options.host)
  const listening = defaultIssuer(options.host, port, options.https)
  try {
    const configuration = serverConfiguration(file, { flag: options.issuer, listen: listening })
    const op = new Server(configuration)
    op.serverGet('endpoint_context').keyjar.useSigner(nodeSigner()!)
    await op.ready()
    const restored = options.state ? loadStateFile(op, options.state) : false
    const persistence = options.state ? persistState(op, options.state) : undefined
    const events: OPEvent[] = []
    op.subscribe((event) => {
      events.push(event)
      if (events.length > EVENT_LOG_SIZE) events.shift()
    })
    const adminPath = options.admin ? new URL(op.issuer).pathname.replace(/\/?$/, '/') + ADMIN_FOLDER : undefined
    const origin = new URL(op.issuer).origin
    handler = (incoming, outgoing) => {
      void answer(incoming, outgoing).catch((error: unknown) => {
        console.error('[msw-oidc-provider] could not answer', incoming.method, incoming.url, error)
        if (!outgoing.headersSent) writeJson(outgoing, 500, { error: 'server_error' })
        else outgoing.destroy()
      })
    }
    const answer = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
      const path = new URL(incoming.url ?? '/', origin).pathname
      if (adminPath && path.startsWith(adminPath)) return answerAdmin({ op, events: () => events }, incoming, outgoing, path.slice(adminPath.length))
      let request: Request
      try {
        request = await toWebRequest(incoming, origin)
      } catch (error) {
        if (error instanceof BodyTooLargeError) return writeJson(outgoing, 413, { error: 'invalid_request', error_description: error.message })
        throw error
      }
      await writeWebResponse(await op.handle(request), outgoing, request.method)
    }
    return {
      op,
      issuer: op.issuer,
      listening,
      restored,
      ...(tls ? { tls } : {}),
      async close() {
        closing = true
        await closeGracefully(node)
        persistence?.stop()
      },
    }
  } catch (error) {
    node.close()
    throw error
  }
}

/** Listens; resolves to the port (the one picked, for port 0). Rejects with a {@link ListenError}. */
function listen(node: NodeServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (EADDRINUSE): stop the other server or pick another --port`
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? `cannot listen on ${host}: no such local address (${error.code})`
            : `cannot listen on ${host}:${port}: ${error.message}`
      reject(new ListenError(reason))
    }
    node.once('error', failed)
    node.listen(port, host, () => {
      node.off('error', failed)
      resolve((node.address() as AddressInfo).port)
    })
  })
}

/** Stops accepting; resolves when the answers under way are sent (their connections closed after a grace period). */
function closeGracefully(node: NodeServer): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => node.closeAllConnections(), SHUTDOWN_GRACE_MS)
    force.unref()
    node.close(() => {
      clearTimeout(force)
      resolve()
    })
    node.closeIdleConnections()
  })
}
