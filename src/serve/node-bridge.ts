/**
 * Between `node:http` and the OP's Web API: an `IncomingMessage` becomes a `Request` (the body
 * read up to a size limit), a `Response` is written to the `ServerResponse` with every header,
 * each `Set-Cookie` on its own line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The largest request body read (1 MiB): an OP's requests are forms and small JSON documents. */
export const MAX_BODY_BYTES = 1024 * 1024

/** A request body over the limit: answered 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

/**
 * The request as a Web `Request` for the URL it has under `origin` (the issuer's origin: clients
 * may reach the server by another name than the issuer's, through a proxy).
 */
export async function toWebRequest(incoming: IncomingMessage, origin: string, maxBody = MAX_BODY_BYTES): Promise<Request> {
  const headers = new Headers()
  const raw = incoming.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (!name.startsWith(':')) headers.append(name, raw[i + 1]!)
  }
  const method = incoming.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming, maxBody)
  return new Request(requestUrl(incoming.url ?? '/', origin), { method, headers, ...(body?.length ? { body } : {}) })
}

/** The request target (origin form, or absolute form from a proxy) as a URL under `origin`. */
export function requestUrl(target: string, origin: string): URL {
  const parsed = new URL(target, origin)
  return new URL(parsed.pathname + parsed.search, origin)
}

/** The body, whole, or a {@link BodyTooLargeError} as soon as it passes `limit`. */
export async function readBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(incoming.headers['content-length'])
  if (declared > limit) throw new BodyTooLargeError(`the request body is over ${limit} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new BodyTooLargeError(`the request body is over ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Writes `response` to `outgoing`: status, headers (every `Set-Cookie` apart), body. */
export async function writeWebResponse(response: Response, outgoing: ServerResponse, method: string): Promise<void> {
  // A network-error fault (op.failNext): the connection drops, so the client's request fails.
  if (response.type === 'error') return void outgoing.destroy()
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies
  const body = method === 'HEAD' || response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  if (response.statusText) outgoing.writeHead(response.status, response.statusText, headers)
  else outgoing.writeHead(response.status, headers)
  outgoing.end(body)
}

/** Writes a JSON answer. */
export function writeJson(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  outgoing.end(JSON.stringify(body))
}
