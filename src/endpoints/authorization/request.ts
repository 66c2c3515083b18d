/**
 * Validation of an authorization request once its client and redirect URI are trusted: every
 * failure here is sent back to the client as an error redirect. Steps read in the order of
 * OpenID Connect Core §3.1.2.1–3.1.2.2.
 */
import type { JWTPayload } from 'jose'
import { parseClaimsRequest, requestedSub } from '../../claims/claims-request.js'
import { checkDpopJkt } from '../../add-ons/dpop/binding.js'
import { checkCodeChallenge } from '../../add-ons/pkce/index.js'
import { checkResponseType, resolveResponseMode } from '../../add-ons/response-types/index.js'
import { localSubject } from '../../add-ons/pairwise/subject.js'
import { checkResource } from '../../add-ons/resource-indicators/index.js'
import { checkAuthorizationDetails } from '../../add-ons/authorization-details/index.js'
import { checkEssentialAcr } from './essential-acr.js'
import { checkDisplay } from './display.js'
import { AUTHORIZATION_PARAMETERS, PROMPT_VALUES, RESPONSE_MODES, type ResponseMode } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { rejectRepeated, spaceList, type ParsedParams, type Params } from '../../http/params.js'
import type { ClientRecord, ValidatedAuthorizationRequest } from '../../store/state.js'

/**
 * The response mode to answer in: the requested one when supported (`supported`: the plain modes
 * and those the add-ons answer in) and fit for the response type, else the response type's default.
 */
export function responseModeOf(params: Params, supported: readonly string[] = RESPONSE_MODES, client?: ClientRecord): ResponseMode {
  return resolveResponseMode(params.response_mode, params.response_type, supported, client)
}

/**
 * Checks an authorization request (or a pushed one) in the order of OIDC Core §3.1.2.2, and returns
 * what the authorization endpoint needs to go on.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequestValidation
 */
export async function validateAuthorizationRequest(
  context: EndpointContext,
  client: ClientRecord,
  parsed: ParsedParams,
  redirect: { uri: string; sent: boolean },
  responseModes: readonly string[] = RESPONSE_MODES,
): Promise<ValidatedAuthorizationRequest> {
  const { params } = parsed
  rejectRepeated(parsed, AUTHORIZATION_PARAMETERS)
  if (params.request !== undefined) throw oauthError('request_not_supported', 'the request parameter (request objects) is not supported')
  // Pushed requests' `request_uri`s were resolved before; any other is a request object by reference.
  if (params.request_uri !== undefined) throw oauthError('request_uri_not_supported', 'request_uri is only supported for pushed authorization requests (RFC 9126)')
  if (params.response_mode !== undefined && !responseModes.includes(params.response_mode)) {
    throw oauthError('invalid_request', `response_mode '${params.response_mode}' is not supported (${responseModes.join(', ')})`)
  }

  const responseType = checkResponseType(client, params)
  const scope = checkScope(context, client, params.scope)
  // PKCE binds a code (RFC 7636 §4.3): without one, there is nothing to bind.
  const pkce = responseType.split(' ').includes('code') ? checkCodeChallenge(context, client, params) : {}
  checkDpopJkt(params.dpop_jkt)
  const prompt = checkPrompt(params.prompt)
  const maxAge = checkMaxAge(params.max_age, client.default_max_age)
  const claims = params.claims !== undefined ? parseClaimsRequest(params.claims) : undefined
  checkEssentialAcr(claims, context.config.acrValues)
  checkDisplay(params.display)
  const hintSub = params.id_token_hint !== undefined ? await checkIdTokenHint(context, client, params.id_token_hint) : undefined
  const claimedSub = requestedSub(claims)
  if (hintSub !== undefined && claimedSub !== undefined && hintSub !== claimedSub) {
    throw oauthError('invalid_request', 'id_token_hint and claims request ask for different subjects')
  }
  const wantedSub = claimedSub ?? hintSub
  const resource = checkResource(context, client, params.resource)
  const authorizationDetails = checkAuthorizationDetails(context, client, params.authorization_details)

  return {
    client_id: client.client_id,
    redirect_uri: redirect.uri,
    redirect_uri_sent: redirect.sent,
    response_type: responseType,
    response_mode: responseModeOf(params, responseModes, client),
    scope,
    ...(params.state !== undefined ? { state: params.state } : {}),
    ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
    ...pkce,
    ...(params.dpop_jkt !== undefined ? { dpop_jkt: params.dpop_jkt } : {}),
    prompt,
    ...(maxAge !== undefined ? { max_age: maxAge } : {}),
    ...(params.login_hint !== undefined ? { login_hint: localSubject(context, client, params.login_hint) } : {}),
    ...(wantedSub !== undefined ? { requested_sub: wantedSub } : {}),
    ...(params.acr_values !== undefined ? { acr_values: spaceList(params.acr_values) } : {}),
    ...(claims ? { claims } : {}),
    ...(params.ui_locales !== undefined ? { ui_locales: params.ui_locales } : {}),
    ...(resource ? { resource } : {}),
    ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}),
    ...(params.claims_locales !== undefined ? { claims_locales: spaceList(params.claims_locales) } : {}),
  }
}

/**
 * Scopes: unknown ones are ignored (Core §3.1.2.1), ones outside the client's registered `scope`
 * are refused, and `offline_access` is dropped unless the client may use refresh tokens.
 */
export function checkScope(context: EndpointContext, client: ClientRecord, value: string | undefined): string[] {
  if (value === undefined) throw oauthError('invalid_scope', "missing required parameter 'scope'")
  const supported = context.config.scopes
  let scope = spaceList(value).filter((s) => supported.includes(s))
  if (client.scope !== undefined) {
    const allowed = spaceList(client.scope)
    const refused = scope.filter((s) => s !== 'openid' && !allowed.includes(s))
    if (refused.length) throw oauthError('invalid_scope', `the client may not request scope '${refused[0]}'`)
  }
  if (!scope.includes('openid') || !client.grant_types?.includes('refresh_token')) {
    scope = scope.filter((s) => s !== 'offline_access')
  }
  if (scope.length === 0) throw oauthError('invalid_scope', 'none of the requested scopes is supported')
  return scope
}

/** Core §3.1.2.1: known values only, and `none` alone. */
function checkPrompt(value: string | undefined): string[] {
  const prompt = spaceList(value)
  const unknown = prompt.find((p) => !(PROMPT_VALUES as readonly string[]).includes(p))
  if (unknown) throw oauthError('invalid_request', `prompt value '${unknown}' is not supported (${PROMPT_VALUES.join(', ')})`)
  if (prompt.includes('none') && prompt.length > 1) throw oauthError('invalid_request', "prompt 'none' must not be combined with other values")
  return prompt
}

function checkMaxAge(value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value)) throw oauthError('invalid_request', 'max_age must be a non-negative whole number of seconds')
  return Number(value)
}

/**
 * An ID token this OP signed, possibly expired (Core §3.1.2.1, RP-Initiated Logout §2), and not
 * one of its access tokens (those carry `typ: at+jwt`).
 */
export async function verifyIdTokenHint(context: EndpointContext, hint: string): Promise<JWTPayload> {
  try {
    const { payload, typ } = await context.keyjar.verify(hint, { expired: 'allow', issuer: context.issuer })
    // Core §2: an ID token has exp and iat; a signed UserInfo response (no exp) is not one.
    if ((typ === undefined || typ.toLowerCase() === 'jwt') && typeof payload.exp === 'number' && typeof payload.iat === 'number') return payload
  } catch {
    // fall through
  }
  throw oauthError('invalid_request', 'id_token_hint is not an ID token issued by this OP')
}

/** Core §3.1.2.1: an ID token of this OP, issued to this client. Returns its `sub`. */
async function checkIdTokenHint(context: EndpointContext, client: ClientRecord, hint: string): Promise<string> {
  const payload = await verifyIdTokenHint(context, hint)
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
  if (!aud.includes(client.client_id)) throw oauthError('invalid_request', 'id_token_hint was not issued to this client')
  if (typeof payload.sub !== 'string') throw oauthError('invalid_request', 'id_token_hint has no sub')
  return localSubject(context, client, payload.sub)
}
