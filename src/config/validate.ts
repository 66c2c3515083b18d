/**
 * The checks of single configuration values, each throwing a {@link ConfigurationError} that names
 * the field: shared by `resolveConfiguration` and the run-time API (`addClient`, `putUser`).
 */
import { MetadataProblem, validateClientMetadata, type ClientMetadata, type MetadataValidationOptions, type NormalizedClientMetadata } from '../client/metadata.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { User } from '../store/state.js'
import type { EndpointSettings, EndpointsConfiguration } from './options.js'

/**
 * The issuer identifier: an absolute http(s) URL without query, fragment or credentials.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata issuer
 */
export function validateIssuer(issuer: unknown): string {
  if (typeof issuer !== 'string') throw new ConfigurationError('issuer', 'is required: an absolute http(s) URL')
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    throw new ConfigurationError('issuer', `'${issuer}' is not an absolute URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError('issuer', 'must use https (or http)')
  if (url.search || url.hash || issuer.includes('?') || issuer.includes('#')) {
    throw new ConfigurationError('issuer', 'must not have a query or fragment (OpenID Connect Discovery §3)')
  }
  if (url.username || url.password) throw new ConfigurationError('issuer', 'must not contain credentials')
  return issuer
}

/**
 * Validates one client given by configuration or API (a `client_id` and its secret are required),
 * naming `{field}.member` in errors: `clients[2].redirect_uris`, `client.grant_types[0]`.
 */
export function validateClient(
  client: ClientMetadata,
  field: string,
  options: Pick<MetadataValidationOptions, 'grantTypes' | 'profile'> = {},
): NormalizedClientMetadata & { client_id: string } {
  if (client === null || typeof client !== 'object') throw new ConfigurationError(field, 'must be an object')
  if (typeof client.client_id !== 'string' || client.client_id === '') throw new ConfigurationError(`${field}.client_id`, 'is required')
  try {
    return validateClientMetadata(client, { ...options, secretProvided: 'required' }) as NormalizedClientMetadata & { client_id: string }
  } catch (problem) {
    if (problem instanceof MetadataProblem) throw new ConfigurationError(`${field}.${problem.field}`, problem.problem)
    throw problem
  }
}

/** Validates one user: a non-empty string `sub`, and claims that are JSON. */
export function validateUser(user: unknown, field: string): User {
  if (user === null || typeof user !== 'object' || Array.isArray(user)) throw new ConfigurationError(field, 'must be an object')
  const sub = (user as User).sub
  if (typeof sub !== 'string' || sub === '') throw new ConfigurationError(`${field}.sub`, 'is required: a non-empty string')
  // The password grant (RFC 6749 §4.3) compares it; it is never released as a claim.
  const password = (user as User).password
  if (password !== undefined && typeof password !== 'string') throw new ConfigurationError(`${field}.password`, 'must be a string')
  try {
    return JSON.parse(JSON.stringify(user)) as User
  } catch {
    throw new ConfigurationError(field, 'claims must be JSON values')
  }
}

/** What the configuration must know of the endpoints: given by the endpoint registry. */
export interface KnownEndpoints {
  /** Every built-in endpoint name. */
  readonly names: readonly string[]
  /** Endpoints whose URL the spec fixes: they cannot move. */
  readonly fixedPath: ReadonlySet<string>
}

/** Validates the `endpoints` option against the known endpoints. */
export function validateEndpoints(endpoints: EndpointsConfiguration, known: KnownEndpoints): void {
  if (typeof endpoints !== 'object' || endpoints === null) throw new ConfigurationError('endpoints', 'must be an object')
  for (const [name, settings] of Object.entries(endpoints)) {
    const field = `endpoints.${name}`
    if (!known.names.includes(name)) throw new ConfigurationError(field, `is not an endpoint (${known.names.join(', ')})`)
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      throw new ConfigurationError(field, 'must be an object such as { enabled: false } or { path: "/x" }')
    }
    const { enabled, path } = settings as EndpointSettings
    if (enabled !== undefined && typeof enabled !== 'boolean') throw new ConfigurationError(`${field}.enabled`, 'must be a boolean')
    if (path !== undefined) {
      if (known.fixedPath.has(name)) throw new ConfigurationError(`${field}.path`, 'is fixed by its specification')
      if (typeof path !== 'string' || !/^\/[A-Za-z0-9\-._~/]*$/.test(path) || path.includes('//')) {
        throw new ConfigurationError(`${field}.path`, "must start with '/' and hold only URL path characters")
      }
    }
  }
  const token = (endpoints as { registration?: { initialAccessToken?: unknown } }).registration?.initialAccessToken
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new ConfigurationError('endpoints.registration.initialAccessToken', 'must be a non-empty string')
  }
}

/** An optional list of non-empty strings; absent is empty. */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw new ConfigurationError(field, 'must be an array of non-empty strings')
  }
  return [...value]
}

/** One of the allowed values. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigurationError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, not ${JSON.stringify(value)}`)
  }
  return value as T
}

/** An optional boolean, `fallback` when absent. */
export function bool(value: unknown, fallback: boolean, field: string): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new ConfigurationError(field, 'must be a boolean')
  return value
}

/**
 * Whether `value` is a scope-token: printable ASCII but space, '"' and '\'.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function isScopeToken(value: string): boolean {
  return /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(value)
}
