/** Reading a body without taking more than a limit: a request the OP answers, a document it fetches. */

/**
 * The whole body of `message` (a Request or Response), or undefined as soon as it passes `max`
 * bytes, by its declared `content-length` or as it streams in; the rest is never read.
 */
export async function readCapped(message: Request | Response, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(message.headers.get('content-length') ?? '0')
  if (declared > max) {
    cancel(message.body)
    return undefined
  }
  if (!message.body) return new Uint8Array(0)
  const reader = message.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      // Not awaited: a cancelled stream of some hosts (msw's responses) settles only when its source ends.
      reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return body
}

/** Drops a body that will not be read, without waiting on it. */
export function cancel(body: ReadableStream | null): void {
  body?.cancel().catch(() => undefined)
}
