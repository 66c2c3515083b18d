/**
 * What every answer of the OP gets, in one place, around whatever answers it: `HEAD` is answered
 * as `GET` without the body (RFC 9110 §9.3.2), every response says `X-Content-Type-Options:
 * nosniff`, and nothing thrown ever leaves `op.handle`: an unexpected error (a bug, never bad
 * input) becomes a 500 `server_error` whose body holds no stack.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-9.3.2
 */
import { oauthError } from '../errors/oauth-error.js'
import { jsonError, withCors } from '../http/responses.js'

/** The header that stops browsers from guessing a content type (Fetch §X-Content-Type-Options). */
export const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const

/** Answers `request` with `answer`, under the rules above. */
export async function answerSafely(request: Request, answer: (request: Request) => Promise<Response>): Promise<Response> {
  const head = request.method === 'HEAD'
  let response: Response
  try {
    response = await answer(head ? new Request(request, { method: 'GET' }) : request)
  } catch (thrown) {
    console.error('[msw-oidc-provider] unexpected error', thrown)
    response = withCors(jsonError(oauthError('server_error', 'the OP failed to answer this request')), request)
  }
  // A network-error fault (`Response.error()`) is no answer at all: nothing to add to it.
  if (response.type === 'error') return response
  if (head) response = new Response(null, response)
  return withHeaders(response, NOSNIFF)
}

/** Sets `headers` on `response`, copying it first when its headers are immutable. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  } catch {
    return withHeaders(new Response(response.body, response), headers)
  }
}
