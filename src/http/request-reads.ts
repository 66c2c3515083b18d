/**
 * What the OP has already read from a request, kept beside it so that nothing on a request's path
 * parses its URL or reads and parses its form body twice (issue 16): the request limits read the
 * body once, the router and the endpoint share one parsed URL. Keyed by the `Request` object, so
 * it goes with it; the body itself stays unread for any other reader.
 */

const urls = new WeakMap<Request, URL>()
const forms = new WeakMap<Request, URLSearchParams>()

/** The parsed URL of `request`, parsed once. Read it, never change it: every reader shares it. */
export function requestUrl(request: Request): URL {
  let url = urls.get(request)
  if (!url) urls.set(request, (url = new URL(request.url)))
  return url
}

/** Records what was read from `request` (a copy of another one, with the same URL and body). */
export function rememberReads(request: Request, url: URL, form?: URLSearchParams): void {
  urls.set(request, url)
  if (form) forms.set(request, form)
}

/** The form parameters of `request`'s body: those already read, or its body read now. */
export async function formBody(request: Request): Promise<URLSearchParams> {
  return forms.get(request) ?? new URLSearchParams(await request.text())
}
