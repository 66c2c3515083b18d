/**
 * PKCE's two checks, its one value rule and S256: the authorization request's `code_challenge`
 * (with RFC 9700's rule that public clients must use PKCE) and the token request's
 * `code_verifier`.
 * @see https://www.rfc-editor.org/rfc/rfc7636
 */
import type { PkceMethod } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { Params } from '../../http/params.js'
import { sha256, timingSafeEqual } from '../../internal/hash.js'
import type { AuthorizationCodeRecord, ClientRecord } from '../../store/state.js'

/**
 * A code verifier, and a code challenge: 43 to 128 unreserved characters.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/

/** The description of a value that breaks {@link PKCE_VALUE}. */
const VALUE_RULE = 'must be 43 to 128 characters of [A-Za-z0-9-._~]'

/**
 * What an authorization request's PKCE parameters leave in the validated request.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.4
 */
export interface CodeChallenge {
  code_challenge?: string
  code_challenge_method?: PkceMethod
}

/**
 * PKCE S256: BASE64URL(SHA256(ASCII(code_verifier))).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export function s256CodeChallenge(verifier: string): string {
  return sha256(verifier)
}

/**
 * The authorization request's `code_challenge` and `code_challenge_method`: required of public
 * clients (or as configured), S256 unless `plain` is configured.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 */
export function checkCodeChallenge(context: EndpointContext, client: ClientRecord, params: Params): CodeChallenge {
  const { methods, required } = context.config.pkce
  const challenge = params.code_challenge
  if (challenge === undefined) {
    if (params.code_challenge_method !== undefined) throw oauthError('invalid_request', 'code_challenge_method was sent without code_challenge')
    const isPublic = client.token_endpoint_auth_method === 'none'
    if (required === 'all' || (required === 'public' && isPublic)) {
      throw oauthError('invalid_request', `PKCE is required${isPublic ? ' for public clients' : ''}: send code_challenge and code_challenge_method=S256`)
    }
    return {}
  }
  // RFC 7636 §4.3: an absent method means plain, which is only accepted where configured.
  const method = (params.code_challenge_method ?? 'plain') as PkceMethod
  if (!(methods as string[]).includes(method)) {
    throw oauthError(
      'invalid_request',
      params.code_challenge_method === undefined
        ? `code_challenge_method is required (plain is not supported; use ${methods.join(' or ')})`
        : `code_challenge_method '${method}' is not supported (${methods.join(', ')})`,
    )
  }
  if (!PKCE_VALUE.test(challenge)) throw oauthError('invalid_request', `code_challenge ${VALUE_RULE}`)
  return { code_challenge: challenge, code_challenge_method: method }
}

/**
 * The token request's `code_verifier` against the code's challenge; a verifier without a
 * challenge is refused too (PKCE downgrade).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 */
export function checkCodeVerifier(record: AuthorizationCodeRecord, verifier: string | undefined): void {
  if (record.code_challenge === undefined) {
    if (verifier !== undefined) throw oauthError('invalid_grant', 'code_verifier was sent, but the authorization request had no code_challenge')
    return
  }
  if (verifier === undefined) throw oauthError('invalid_grant', "missing code_verifier: the authorization request used PKCE")
  if (!PKCE_VALUE.test(verifier)) throw oauthError('invalid_grant', `code_verifier ${VALUE_RULE}`)
  const computed = record.code_challenge_method === 'S256' ? s256CodeChallenge(verifier) : verifier
  if (!timingSafeEqual(computed, record.code_challenge)) throw oauthError('invalid_grant', 'code_verifier does not match the code_challenge')
}
