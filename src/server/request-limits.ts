/**
 * The size limits of a request (the `limits` option), applied in one place before any endpoint
 * reads it: the body (413 past `requestBody`, read no further), each query or form parameter
 * (`parameterValue`, and `state` by its own limit), and each string of a JSON body (`metadataValue`).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 */
import type { Limits } from '../config/limits.js'
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { isFormRequest } from '../http/params.js'
import { readCapped } from '../http/capped-body.js'
import { rememberReads, requestUrl } from '../http/request-reads.js'

/** The limits applied here. */
export type RequestLimits = Pick<Limits, 'requestBody' | 'parameterValue' | 'state' | 'metadataValue'>

/**
 * The request to answer, or the error that refuses it. Its body is read here; the request handed
 * on is a copy that holds it, for endpoints and add-ons that read it again, unless `bodyRead` says
 * that what answers reads a form body only as parsed here (`formBody`): then it is `request`.
 */
export async function limitRequest(request: Request, limits: RequestLimits, bodyRead: 'as-form' | 'any' = 'any'): Promise<Request | OAuthError> {
  const url = requestUrl(request)
  const problem = checkParams(url.searchParams, limits)
  if (problem || request.body === null) return problem ?? request
  const body = await readCapped(request, limits.requestBody)
  if (!body) return oauthError('invalid_request', `the request body is larger than ${limits.requestBody} bytes (limits.requestBody)`, { status: 413 })
  const text = new TextDecoder().decode(body)
  const form = isFormRequest(request) ? new URLSearchParams(text) : undefined
  const found = form ? checkParams(form, limits) : isJson(request) ? checkJson(text, limits.metadataValue) : undefined
  if (found) return found
  const read = form && bodyRead === 'as-form' ? request : new Request(request.url, { method: request.method, headers: request.headers, body })
  // The endpoint reads the form parsed here, and the URL parsed above (src/http/request-reads.ts).
  rememberReads(read, url, form)
  return read
}

function checkParams(params: URLSearchParams, { parameterValue, state }: RequestLimits): OAuthError | undefined {
  for (const [name, value] of params) {
    if (name.length > parameterValue || value.length > parameterValue) {
      return oauthError('invalid_request', `a parameter is longer than ${parameterValue} characters (limits.parameterValue)`)
    }
    if (name === 'state' && value.length > state) return oauthError('invalid_request', `state is longer than ${state} characters (limits.state)`)
  }
  return undefined
}

function isJson(request: Request): boolean {
  return /^application\/(.+\+)?json\b/i.test(request.headers.get('content-type') ?? '')
}

/** The first string of a JSON document longer than `max` (a malformed document is the endpoint's to refuse). */
function checkJson(text: string, max: number): OAuthError | undefined {
  let tooLong = false
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key.length > max || (typeof value === 'string' && value.length > max)) tooLong = true
      return value
    })
  } catch {
    return undefined
  }
  return tooLong ? oauthError('invalid_request', `a JSON member or value is longer than ${max} characters (limits.metadataValue)`) : undefined
}

