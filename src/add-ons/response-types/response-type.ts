/**
 * The response types of OpenID Connect (code, implicit and hybrid flows) and the response modes
 * each may use: the words in any order, `nonce` where Core requires it, never `query` for tokens.
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#Combinations
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authentication
 */
import { RESPONSE_TYPES, canonicalResponseType } from '../../client/response-types-metadata.js'
import type { ResponseMode } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { ClientRecord } from '../../store/state.js'
import { encryptsAuthorizationResponse } from '../jarm/encryption.js'

/** Whether the authorization response of `responseType` carries a token (an access or ID token). */
export function returnsTokens(responseType: string): boolean {
  return responseType !== 'code'
}

/**
 * The response mode an authorization response goes back in: the requested one when it is
 * supported and fits the response type, else the response type's default (`fragment` when it
 * carries tokens, Multiple Response Types §5; `jwt` resolved after JARM §2.3.4). Also for errors,
 * so that an error never goes in a mode the request may not use.
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#Combinations
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.3.4
 */
export function resolveResponseMode(requested: string | undefined, responseType: string | undefined, supported: readonly string[], client?: ClientRecord): ResponseMode {
  const canonical = responseType !== undefined ? canonicalResponseType(responseType) : undefined
  const tokens = canonical !== undefined && returnsTokens(canonical)
  const fallback = tokens ? 'fragment' : 'query'
  if (requested === undefined || !supported.includes(requested)) return fallback
  if (requested === 'jwt') return `${fallback}.jwt`
  if (tokens && !queryAllowed(requested, client)) return requested.endsWith('.jwt') ? `${fallback}.jwt` : fallback
  return requested as ResponseMode
}

/**
 * The response type of a request, checked: supported (`unsupported_response_type`), registered by
 * the client (`unauthorized_client`), with `nonce` where Core requires it, `openid` for an ID token,
 * and a response mode that fits.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthRequest
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridAuthRequest
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#Combinations
 */
export function checkResponseType(client: ClientRecord, params: Readonly<Record<string, string | undefined>>): string {
  const value = params.response_type
  if (value === undefined) throw oauthError('invalid_request', "missing required parameter 'response_type'")
  const responseType = canonicalResponseType(value)
  if (responseType === undefined) throw oauthError('unsupported_response_type', `response_type '${value}' is not supported (${RESPONSE_TYPES.join(', ')})`)
  const registered = (client.response_types ?? []).map(canonicalResponseType)
  if (!registered.includes(responseType)) throw oauthError('unauthorized_client', `the client is not registered for the '${responseType}' response type`)
  const words = responseType.split(' ')
  if (words.includes('code') && !client.grant_types?.includes('authorization_code')) {
    throw oauthError('unauthorized_client', 'the client is not registered for the authorization_code grant')
  }
  if (words.includes('id_token')) {
    // Core §3.2.2.1 and §3.3.2.1 (errata 2): nonce is required whenever an ID token comes from here.
    if (params.nonce === undefined) throw oauthError('invalid_request', `nonce is required for response_type '${responseType}'`)
    if (!(params.scope ?? '').split(' ').includes('openid')) throw oauthError('invalid_request', `response_type '${responseType}' needs the openid scope`)
  }
  const mode = params.response_mode
  if (mode !== undefined && returnsTokens(responseType) && !queryAllowed(mode, client)) {
    throw oauthError('invalid_request', `response_mode '${mode}' must not be used with response_type '${responseType}': tokens never go in the query`)
  }
  return responseType
}

/**
 * Whether `mode` may carry tokens: `query` never (Multiple Response Types §5), `query.jwt` only
 * when the JWT is encrypted (JARM §2.3.1).
 */
function queryAllowed(mode: string, client: ClientRecord | undefined): boolean {
  if (mode === 'query') return false
  if (mode === 'query.jwt') return client !== undefined && encryptsAuthorizationResponse(client)
  return true
}
