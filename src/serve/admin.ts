/**
 * The admin control plane over HTTP: `{issuer}/__admin/…`, answered only to loopback peers, in
 * JSON. The routes are in `admin-routes.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIPv4 } from 'node:net'
import { ConfigurationError } from '../errors/oauth-error.js'
import { type AdminHost, AdminInputError, findAdminRoute } from './admin-routes.js'
import { BodyTooLargeError, readBody, writeJson } from './node-bridge.js'

/** The folder of the control plane under the issuer's path. */
export const ADMIN_FOLDER = '__admin/'

/** The largest admin body read: a state or a client's metadata. */
const MAX_ADMIN_BODY = 16 * 1024 * 1024

/**
 * Whether a peer address is the machine itself: 127.0.0.0/8, ::1, and IPv4 loopback mapped
 * into IPv6 (a dual-stack socket's `::ffff:127.0.0.1`).
 * @see https://www.rfc-editor.org/rfc/rfc6890#section-2.2.2
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIPv4(v4)) return v4.startsWith('127.')
  return address === '::1' || address === '0:0:0:0:0:0:0:1'
}

/** Answers one admin request, whose path relative to `__admin/` is `path`. */
export async function answerAdmin(host: AdminHost, incoming: IncomingMessage, outgoing: ServerResponse, path: string): Promise<void> {
  if (!isLoopback(incoming.socket.remoteAddress)) {
    writeJson(outgoing, 403, { error: 'forbidden', error_description: 'the admin control plane answers loopback peers only' })
    return
  }
  const found = findAdminRoute(incoming.method ?? 'GET', path)
  if ('status' in found) {
    const description = found.status === 405 ? `${incoming.method} is not allowed on __admin/${path}` : `no admin route __admin/${path}`
    writeJson(outgoing, found.status, { error: found.status === 405 ? 'method_not_allowed' : 'not_found', error_description: description })
    return
  }
  try {
    const body = await readJsonBody(incoming)
    const result = await found.route.answer(host, { params: found.params, body })
    writeJson(outgoing, found.route.status ?? 200, result)
  } catch (error) {
    if (error instanceof BodyTooLargeError) writeJson(outgoing, 413, { error: 'invalid_request', error_description: error.message })
    else if (error instanceof AdminInputError || error instanceof ConfigurationError || error instanceof TypeError || error instanceof SyntaxError) {
      writeJson(outgoing, 400, { error: 'invalid_request', error_description: error.message })
    } else throw error
  }
}

/** The request's JSON body, or undefined when it has none. */
async function readJsonBody(incoming: IncomingMessage): Promise<unknown> {
  const bytes = await readBody(incoming, MAX_ADMIN_BODY)
  const text = Buffer.from(bytes).toString('utf8').trim()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new AdminInputError(`the body is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}
