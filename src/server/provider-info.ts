/**
 * The provider metadata as a fold: the members of the OP as a whole, then each enabled endpoint's
 * URL (under its `metadataKey`) and what it contributes (`metadata()`), then what the installed
 * add-ons contribute. No endpoint or feature is named here: an endpoint or add-on added, replaced
 * or removed at run time changes the document by itself.
 */
import { addOnMetadata, type AddOn } from '../add-ons/add-on.js'
import { supportedClaims } from '../claims/release.js'
import { ruleClaimNames } from '../claims/rules.js'
import { IMPLICIT_GRANT_TYPE, RESPONSE_TYPES } from '../client/response-types-metadata.js'
import type { ResolvedConfiguration } from '../config/options.js'
import { ClientAuthMethod, PROMPT_VALUES, RESPONSE_MODES, SECRET_JWT_ALGS, SIGNING_ALGS } from '../consts.js'
import type { EndpointContext, ProviderMetadata } from '../context/endpoint-context.js'
import type { AnyEndpoint } from '../endpoints/endpoint.js'
import { DISPLAY_VALUES } from '../endpoints/authorization/display.js'
import { UI_LOCALES } from '../pages/locales.js'

/**
 * The metadata of an OP with these enabled endpoints, in the order they are matched, and add-ons.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function providerInfo(context: EndpointContext, endpoints: Iterable<AnyEndpoint>, addOns: Iterable<AddOn>): ProviderMetadata {
  const enabled = [...endpoints]
  const info: ProviderMetadata = { issuer: context.issuer }
  for (const endpoint of enabled) {
    if (endpoint.metadataKey) info[endpoint.metadataKey] = endpoint.url()
  }
  Object.assign(info, opMetadata(context.config))
  for (const endpoint of enabled) Object.assign(info, endpoint.metadata())
  Object.assign(info, addOnMetadata(addOns, new Set(enabled.map((endpoint) => endpoint.name)), context))
  return withImplicitGrant(info)
}

/**
 * `implicit` joins `grant_types_supported` while an `id_token` or `token` response type is listed
 * (and a profile that narrows the response types to `code` drops it with them).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2
 */
function withImplicitGrant(info: ProviderMetadata): ProviderMetadata {
  const types = info.response_types_supported
  const grants = info.grant_types_supported
  const implicit = info.authorization_endpoint !== undefined && Array.isArray(types) && types.some((type) => /\b(id_token|token)\b/.test(String(type)))
  if (implicit && Array.isArray(grants) && !grants.includes(IMPLICIT_GRANT_TYPE)) info.grant_types_supported = [...grants, IMPLICIT_GRANT_TYPE]
  return info
}

/** The members that belong to the OP as a whole, whichever endpoints are on. */
function opMetadata(config: ResolvedConfiguration): Record<string, unknown> {
  return {
    scopes_supported: config.scopes,
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: [...RESPONSE_MODES],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    token_endpoint_auth_methods_supported: Object.values(ClientAuthMethod),
    token_endpoint_auth_signing_alg_values_supported: [...SECRET_JWT_ALGS, ...SIGNING_ALGS],
    claims_supported: [...new Set([...supportedClaims(config.scopeClaims), ...ruleClaimNames(config.claimRules)])],
    claim_types_supported: ['normal'],
    claims_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    require_request_uri_registration: false,
    authorization_response_iss_parameter_supported: true,
    prompt_values_supported: [...PROMPT_VALUES],
    display_values_supported: [...DISPLAY_VALUES],
    ui_locales_supported: [...UI_LOCALES],
    // Discovery §4.2: a list with zero elements is omitted.
    ...(config.acrValues.length ? { acr_values_supported: config.acrValues } : {}),
  }
}
