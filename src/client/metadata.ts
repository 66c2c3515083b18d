/**
 * Client metadata (RFC 7591 §2, OpenID Connect Dynamic Client Registration §2): the one validator
 * used both for clients given in the configuration and for dynamic registration.
 */
import type { JWK } from 'jose'
import type { ClientMetadata } from '../store/client-metadata.js'
import { BACKCHANNEL_FIELDS, backchannelMetadataProblem } from './backchannel-metadata.js'
import { ClientAuthMethod, GrantType, PRIVATE_JWK_MEMBERS, SECRET_JWT_ALGS, SIGNING_ALGS, type Profile, type SigningAlg } from '../consts.js'
import { FAPI2_CLIENT_DEFAULTS, fapi2MetadataProblem } from './fapi2-metadata.js'
import { IMPLICIT_GRANT_TYPE, JARM_FIELDS, responseTypesProblem } from './response-types-metadata.js'
import { LOGOUT_FIELDS, logoutMetadataProblem } from './logout-metadata.js'
import { AUTHORIZATION_SURFACE_FIELDS, authorizationSurfaceProblem } from './authorization-surface-metadata.js'
import { unsupportedMetadataProblem } from './unsupported-metadata.js'
import { REQUEST_OBJECT_FIELDS, requestObjectMetadataProblem } from './request-object-metadata.js'
import { ENCRYPTION_FIELDS, encryptionMetadataProblem } from './encryption-metadata.js'

export type { ClientMetadata }

/** Metadata after validation: defaults applied, every field the OP relies on present. */
export interface NormalizedClientMetadata extends ClientMetadata {
  redirect_uris: string[]
  post_logout_redirect_uris: string[]
  token_endpoint_auth_method: ClientAuthMethod
  grant_types: string[]
  response_types: string[]
  application_type: 'web' | 'native'
  id_token_signed_response_alg: SigningAlg
  client_secret_expires_at: number
}

/** Why metadata was refused: which field, and whether it was a redirect URI (RFC 7591 §3.2.2). */
export class MetadataProblem extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly kind: 'invalid_redirect_uri' | 'invalid_client_metadata' = 'invalid_client_metadata',
  ) {
    super(`${field}: ${problem}`)
  }
}

/** The built-in grants: supported whatever `MetadataValidationOptions.grantTypes` adds. */
const BUILT_IN_GRANT_TYPES: readonly string[] = Object.values(GrantType)
const SUPPORTED_AUTH_METHODS: readonly string[] = Object.values(ClientAuthMethod)
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'])
const STRING_FIELDS = ['client_name', 'scope', 'client_secret'] as const
const URI_FIELDS = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'jwks_uri'] as const

/** Known metadata names: everything else is dropped, as RFC 7591 §2 asks ("MUST ignore"). */
const KNOWN_FIELDS = new Set<string>([
  'client_id',
  'client_secret',
  'client_secret_expires_at',
  'redirect_uris',
  'post_logout_redirect_uris',
  'token_endpoint_auth_method',
  'token_endpoint_auth_signing_alg',
  'grant_types',
  'response_types',
  'application_type',
  'client_name',
  'client_uri',
  'logo_uri',
  'tos_uri',
  'policy_uri',
  'contacts',
  'scope',
  'jwks',
  'jwks_uri',
  'id_token_signed_response_alg',
  'userinfo_signed_response_alg',
  'subject_type',
  'default_max_age',
  'require_auth_time',
  'require_pushed_authorization_requests',
  'dpop_bound_access_tokens',
  ...BACKCHANNEL_FIELDS,
  ...JARM_FIELDS,
  ...LOGOUT_FIELDS,
  ...AUTHORIZATION_SURFACE_FIELDS,
  ...REQUEST_OBJECT_FIELDS,
  ...ENCRYPTION_FIELDS,
])

/** How {@link validateClientMetadata} judges metadata. */
export interface MetadataValidationOptions {
  /** Static clients must bring their secret; registration generates one. */
  secretProvided: 'required' | 'generated'
  /**
   * The grant types the OP supports now (its token endpoint's, which can grow at run time);
   * the built-in ones are always accepted.
   */
  grantTypes?: Iterable<string>
  /** The OP's security profile: its defaults apply, and metadata contradicting it is refused. */
  profile?: Profile | undefined
}

/**
 * Validates client metadata and applies defaults. Throws a {@link MetadataProblem} naming the field.
 */
export function validateClientMetadata(
  input: unknown,
  options: MetadataValidationOptions,
): NormalizedClientMetadata {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new MetadataProblem('(metadata)', 'must be a JSON object')
  }
  const raw = input as Record<string, unknown>
  const unsupported = unsupportedMetadataProblem(raw)
  if (unsupported) throw new MetadataProblem(unsupported.field, unsupported.problem)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (KNOWN_FIELDS.has(key) && value !== undefined && value !== null) out[key] = value
  }

  for (const field of STRING_FIELDS) optionalString(out, field)
  for (const field of URI_FIELDS) {
    if (optionalString(out, field) !== undefined) absoluteUrl(out[field] as string, field, ['https:', 'http:'])
  }
  if (out.client_id !== undefined && (typeof out.client_id !== 'string' || out.client_id === '')) {
    throw new MetadataProblem('client_id', 'must be a non-empty string')
  }

  const grantTypes = stringArray(out, 'grant_types') ?? [GrantType.authorization_code]
  const supportedGrantTypes = new Set([...BUILT_IN_GRANT_TYPES, ...(options.grantTypes ?? []), IMPLICIT_GRANT_TYPE])
  for (const [i, grant] of grantTypes.entries()) {
    if (!supportedGrantTypes.has(grant)) {
      throw new MetadataProblem(`grant_types[${i}]`, `'${grant}' is not supported (${[...supportedGrantTypes].join(', ')})`)
    }
  }
  const responseTypes = stringArray(out, 'response_types') ?? (grantTypes.includes('authorization_code') ? ['code'] : [])
  const responseTypesRefused = responseTypesProblem(out, responseTypes, grantTypes)
  if (responseTypesRefused) throw new MetadataProblem(responseTypesRefused.field, responseTypesRefused.problem)

  const applicationType = out.application_type ?? 'web'
  if (applicationType !== 'web' && applicationType !== 'native') {
    throw new MetadataProblem('application_type', "must be 'web' or 'native'")
  }

  const redirectUris = stringArray(out, 'redirect_uris') ?? []
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new MetadataProblem('redirect_uris', 'at least one is required for the authorization_code grant', 'invalid_redirect_uri')
  }
  redirectUris.forEach((uri, i) => redirectUri(uri, `redirect_uris[${i}]`, 'invalid_redirect_uri'))
  const postLogout = stringArray(out, 'post_logout_redirect_uris') ?? []
  postLogout.forEach((uri, i) => redirectUri(uri, `post_logout_redirect_uris[${i}]`, 'invalid_client_metadata'))

  const method = (out.token_endpoint_auth_method ?? (options.profile ? FAPI2_CLIENT_DEFAULTS.token_endpoint_auth_method : 'client_secret_basic')) as string
  if (!SUPPORTED_AUTH_METHODS.includes(method)) {
    throw new MetadataProblem('token_endpoint_auth_method', `'${method}' is not supported (${SUPPORTED_AUTH_METHODS.join(', ')})`)
  }
  const usesSecret = method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt'
  if (usesSecret && options.secretProvided === 'required' && typeof out.client_secret !== 'string') {
    throw new MetadataProblem('client_secret', `is required for token_endpoint_auth_method '${method}'`)
  }
  if (!usesSecret) delete out.client_secret
  if (method === 'none' && grantTypes.includes('client_credentials')) {
    throw new MetadataProblem('grant_types', "client_credentials needs a confidential client (token_endpoint_auth_method other than 'none')")
  }

  const signingAlg = optionalString(out, 'token_endpoint_auth_signing_alg')
  if (signingAlg !== undefined) {
    const allowed: readonly string[] =
      method === 'client_secret_jwt' ? SECRET_JWT_ALGS : method === 'private_key_jwt' ? SIGNING_ALGS : []
    if (!allowed.includes(signingAlg)) {
      throw new MetadataProblem('token_endpoint_auth_signing_alg', `'${signingAlg}' does not fit token_endpoint_auth_method '${method}'`)
    }
  }

  if (out.jwks !== undefined) validateJwks(out.jwks)
  if (out.jwks !== undefined && out.jwks_uri !== undefined) {
    throw new MetadataProblem('jwks', 'jwks and jwks_uri must not both be given (RFC 7591 §2)')
  }
  if (method === 'private_key_jwt' && out.jwks === undefined && out.jwks_uri === undefined) {
    throw new MetadataProblem('jwks', "private_key_jwt needs the client's public keys in jwks or jwks_uri")
  }

  const idTokenAlg = (out.id_token_signed_response_alg ?? (options.profile ? FAPI2_CLIENT_DEFAULTS.id_token_signed_response_alg : 'RS256')) as string
  signingAlgField(idTokenAlg, 'id_token_signed_response_alg')
  if (out.userinfo_signed_response_alg !== undefined) {
    signingAlgField(out.userinfo_signed_response_alg, 'userinfo_signed_response_alg')
  }
  const surface = authorizationSurfaceProblem(out, redirectUris)
  if (surface) throw new MetadataProblem(surface.field, surface.problem)
  const contacts = stringArray(out, 'contacts')
  if (contacts) out.contacts = contacts
  nonNegativeInteger(out, 'default_max_age')
  const backchannel = backchannelMetadataProblem(out, grantTypes)
  if (backchannel) throw new MetadataProblem(backchannel.field, backchannel.problem)
  const logout = logoutMetadataProblem(out, redirectUris)
  if (logout) throw new MetadataProblem(logout.field, logout.problem)
  const refusedJar = requestObjectMetadataProblem(out) ?? encryptionMetadataProblem(out, usesSecret)
  if (refusedJar) throw new MetadataProblem(refusedJar.field, refusedJar.problem)
  nonNegativeInteger(out, 'client_secret_expires_at')
  for (const field of ['require_auth_time', 'require_pushed_authorization_requests', 'dpop_bound_access_tokens']) {
    if (out[field] !== undefined && typeof out[field] !== 'boolean') throw new MetadataProblem(field, 'must be a boolean')
  }

  const normalized: NormalizedClientMetadata = {
    ...out,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogout,
    token_endpoint_auth_method: method as ClientAuthMethod,
    grant_types: grantTypes,
    response_types: responseTypes,
    application_type: applicationType as 'web' | 'native',
    id_token_signed_response_alg: idTokenAlg as SigningAlg,
    client_secret_expires_at: (out.client_secret_expires_at as number | undefined) ?? 0,
  }
  const refused = options.profile ? fapi2MetadataProblem(normalized) : undefined
  if (refused) throw new MetadataProblem(refused.field, refused.problem)
  return normalized
}

function optionalString(out: Record<string, unknown>, field: string): string | undefined {
  const value = out[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw new MetadataProblem(field, 'must be a non-empty string')
  return value
}

function stringArray(out: Record<string, unknown>, field: string): string[] | undefined {
  const value = out[field]
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw new MetadataProblem(field, 'must be an array of strings')
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') throw new MetadataProblem(`${field}[${i}]`, 'must be a non-empty string')
  })
  return [...(value as string[])]
}

function nonNegativeInteger(out: Record<string, unknown>, field: string): void {
  const value = out[field]
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
    throw new MetadataProblem(field, 'must be a non-negative integer')
  }
}

function absoluteUrl(value: string, field: string, schemes: string[]): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new MetadataProblem(field, `'${value}' is not an absolute URI`)
  }
  if (!schemes.includes(url.protocol)) throw new MetadataProblem(field, `'${value}' must use ${schemes.join(' or ')}`)
  return url
}

/** RFC 6749 §3.1.2: absolute, no fragment; schemes that would run script are refused outright. */
function redirectUri(value: string, field: string, kind: MetadataProblem['kind']): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new MetadataProblem(field, `'${value}' is not an absolute URI`, kind)
  }
  if (value.includes('#')) throw new MetadataProblem(field, `'${value}' must not contain a fragment`, kind)
  if (FORBIDDEN_SCHEMES.has(url.protocol)) throw new MetadataProblem(field, `the '${url.protocol}' scheme is not allowed`, kind)
}

function signingAlgField(value: unknown, field: string): void {
  if (typeof value !== 'string' || !(SIGNING_ALGS as readonly string[]).includes(value)) {
    throw new MetadataProblem(field, `'${String(value)}' is not supported (${SIGNING_ALGS.join(', ')})`)
  }
}

function validateJwks(jwks: unknown): void {
  if (jwks === null || typeof jwks !== 'object' || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw new MetadataProblem('jwks', 'must be a JWK Set: an object with a keys array')
  }
  ;(jwks as { keys: unknown[] }).keys.forEach((key, i) => {
    if (key === null || typeof key !== 'object' || typeof (key as JWK).kty !== 'string') {
      throw new MetadataProblem(`jwks.keys[${i}]`, 'must be a JWK with kty')
    }
    if (PRIVATE_JWK_MEMBERS.some((member) => Object.hasOwn(key as object, member))) {
      throw new MetadataProblem(`jwks.keys[${i}]`, 'must be a public key (no private or symmetric key material)')
    }
  })
}
