/**
 * The one error vocabulary of the OP. Every stage of every endpoint throws an {@link OAuthError};
 * one place per response style turns it into what the spec asks for (see `http/responses.ts`).
 */

/**
 * Error codes, each from the spec that defines it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1 (authorization)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 (token)
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthError
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (bearer)
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1 (revocation)
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2 (registration)
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-12.2 (DPoP)
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-7 (request_uri)
 */
export const ErrorCode = {
  invalid_request: 'invalid_request',
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  invalid_scope: 'invalid_scope',
  access_denied: 'access_denied',
  unsupported_response_type: 'unsupported_response_type',
  server_error: 'server_error',
  temporarily_unavailable: 'temporarily_unavailable',
  interaction_required: 'interaction_required',
  login_required: 'login_required',
  account_selection_required: 'account_selection_required',
  consent_required: 'consent_required',
  request_not_supported: 'request_not_supported',
  invalid_request_uri: 'invalid_request_uri',
  request_uri_not_supported: 'request_uri_not_supported',
  registration_not_supported: 'registration_not_supported',
  invalid_token: 'invalid_token',
  insufficient_scope: 'insufficient_scope',
  invalid_dpop_proof: 'invalid_dpop_proof',
  use_dpop_nonce: 'use_dpop_nonce',
  unsupported_token_type: 'unsupported_token_type',
  invalid_redirect_uri: 'invalid_redirect_uri',
  invalid_client_metadata: 'invalid_client_metadata',
  not_found: 'not_found',
  method_not_allowed: 'method_not_allowed',
  /** RFC 8707 §2 and RFC 8693 §2.2.2: a requested `resource` or `audience` the OP will not issue for. */
  invalid_target: 'invalid_target',
  // RFC 8628 §3.5 and CIBA Core §11, §13.
  authorization_pending: 'authorization_pending',
  slow_down: 'slow_down',
  expired_token: 'expired_token',
  unknown_user_id: 'unknown_user_id',
  invalid_binding_message: 'invalid_binding_message',
  expired_login_hint_token: 'expired_login_hint_token',
  /** RFC 9396 §5: `authorization_details` malformed, of an unknown type, or not held by the grant. */
  invalid_authorization_details: 'invalid_authorization_details',
  /** OpenID Connect Core Unmet Authentication Requirements 1.0 §3: an essential `acr` the OP cannot meet. */
  unmet_authentication_requirements: 'unmet_authentication_requirements',
  /** RFC 9101 §6.3 and Core §3.1.2.6: a request object that cannot be used. */
  invalid_request_object: 'invalid_request_object',
} as const

/** One of the OP's error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

const defaultStatus: Partial<Record<ErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  server_error: 500,
  temporarily_unavailable: 503,
}

/** How an {@link OAuthError} is answered besides its code and description. */
export interface OAuthErrorOptions {
  /** HTTP status; defaults to the status the spec gives the code (400 for most). */
  status?: number
  /** Extra response headers, such as `Allow` on a 405. */
  headers?: Record<string, string>
  cause?: unknown
}

/** An OAuth 2.0 / OpenID Connect error response, as a value that can be thrown. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError'
  readonly error: ErrorCode
  readonly error_description: string
  readonly status: number
  readonly headers: Record<string, string>

  constructor(error: ErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(`${error}: ${description}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.error = error
    this.error_description = description
    this.status = options.status ?? defaultStatus[error] ?? 400
    this.headers = options.headers ?? {}
  }

  /** The JSON body of RFC 6749 §5.2. */
  toJSON(): { error: ErrorCode; error_description: string } {
    return { error: this.error, error_description: this.error_description }
  }
}

/** Creates an {@link OAuthError}; the one way errors are made. */
export function oauthError(code: ErrorCode, description: string, options?: OAuthErrorOptions): OAuthError {
  return new OAuthError(code, description, options)
}

/** Anything thrown that is not an OAuthError becomes a `server_error` that leaks no detail. */
export function toOAuthError(thrown: unknown): OAuthError {
  if (thrown instanceof OAuthError) return thrown
  return oauthError('server_error', 'the OP failed to process the request', { cause: thrown })
}

/** A configuration that cannot work: thrown by `new Server()` and by state-changing calls. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError'
  /** The path of the offending field, such as `clients[0].redirect_uris[1]`. */
  readonly field: string

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.field = field
  }
}
