/**
 * Sending the authorization response (or error) back to the client, in its response mode, always
 * with `iss` (RFC 9207).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
import type { ResponseMode } from '../../consts.js'
import type { OAuthError } from '../../errors/oauth-error.js'
import { redirect } from '../../http/responses.js'
import { formPostPage } from '../../pages/form-post.js'

/** Where and how an authorization response goes: the redirect URI, the response mode and `state`. */
export interface AuthorizationResponseTarget {
  redirect_uri: string
  response_mode: ResponseMode
  state?: string
  /** 303 after a POST (a form on the OP's own pages), 302 otherwise. */
  status: 302 | 303
  headers?: Record<string, string>
}

/**
 * The authorization response in its response mode (query, fragment or form_post), with `state` and `iss`.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function authorizationResponse(target: AuthorizationResponseTarget, issuer: string, params: Record<string, string>): Response {
  return encodeAuthorizationResponse(target, withStateAndIss(target, issuer, params))
}

/** The response parameters with `state` (when the request had one) and `iss` (RFC 9207). */
export function withStateAndIss(target: AuthorizationResponseTarget, issuer: string, params: Record<string, string>): Record<string, string> {
  return { ...params, ...(target.state !== undefined ? { state: target.state } : {}), iss: issuer }
}

/** `params` as they are, in the target's plain response mode (query, fragment or form_post). */
export function encodeAuthorizationResponse(target: AuthorizationResponseTarget, all: Record<string, string>): Response {
  if (target.response_mode === 'form_post') return withHeaders(formPostPage(target.redirect_uri, all), target.headers)
  const url = new URL(target.redirect_uri)
  if (target.response_mode === 'fragment') {
    url.hash = new URLSearchParams(all).toString()
  } else {
    // One serialization (each `url.searchParams.append` serializes the whole URL again); the same result.
    const query = new URLSearchParams(url.search)
    for (const [name, value] of Object.entries(all)) query.append(name, value)
    url.search = query.toString()
  }
  return redirect(url.href, target.status, target.headers)
}

/**
 * An error sent back to the client's redirect URI, with `state` and `iss`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function authorizationErrorResponse(target: AuthorizationResponseTarget, issuer: string, error: OAuthError): Response {
  return authorizationResponse(target, issuer, { error: error.error, error_description: error.error_description })
}

function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  for (const [name, value] of Object.entries(headers ?? {})) response.headers.append(name, value)
  return response
}
