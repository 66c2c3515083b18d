/**
 * `resolveConfiguration`: validates what `new Server()` was given and applies the defaults, one
 * small step per option group, so that a bad configuration throws a {@link ConfigurationError}
 * naming the field before anything is built.
 */
import type { NormalizedClientMetadata } from '../client/metadata.js'
import { PKCE_METHODS, STANDARD_SCOPE_CLAIMS, type Profile } from '../consts.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { User } from '../store/state.js'
import { DEFAULT_TTL, TOP_LEVEL_FIELDS } from './defaults.js'
import { resolveLimits } from './limits.js'
import { resolveClaimRules } from './claim-rules.js'
import { enabledOptionalGrantTypes, resolveGrantOptions } from './grant-options.js'
import { resolveProfile } from './profile.js'
import { resolveAuthorizationSurface } from './authorization-surface.js'
import { resolveRequestObjects } from './request-objects.js'
import type { ResolvedConfiguration, ServerConfiguration, Ttl } from './options.js'
import { bool, isScopeToken, oneOf, stringList, validateClient, validateEndpoints, validateIssuer, validateUser, type KnownEndpoints } from './validate.js'

/**
 * Validates a configuration and applies the defaults. Throws {@link ConfigurationError}.
 * `endpoints` says which endpoint names the `endpoints` option may use (the endpoint registry).
 */
export function resolveConfiguration(input: ServerConfiguration, endpoints: KnownEndpoints): ResolvedConfiguration {
  const issuer = checkShape(input)
  const grantOptions = resolveGrantOptions(input)
  const profile = resolveProfile(input)
  const clients = resolveClients(input, enabledOptionalGrantTypes(grantOptions), profile.profile)
  const users = resolveUsers(input)
  const { scopes, scopeClaims } = resolveScopes(input)
  const ttl = resolveTtl(input)
  const accessToken = {
    format: oneOf(input.accessToken?.format ?? 'jwt', ['jwt', 'opaque'], 'accessToken.format'),
    audience: input.accessToken?.audience ?? issuer,
    signingAlg: oneOf(input.accessToken?.signingAlg ?? profile.accessTokenAlg, profile.signingAlgs, 'accessToken.signingAlg'),
  }
  const pkceMethods = input.pkce?.methods ?? ['S256']
  pkceMethods.forEach((m, i) => oneOf(m, PKCE_METHODS, `pkce.methods[${i}]`))
  if (pkceMethods.length === 0) throw new ConfigurationError('pkce.methods', 'must list at least one method')
  checkFunctions(input)
  validateEndpoints(input.endpoints ?? {}, endpoints)
  if (input.jwks !== undefined && (typeof input.jwks !== 'object' || !Array.isArray(input.jwks?.keys))) {
    throw new ConfigurationError('jwks', 'must be a JWK Set: { keys: [...] }')
  }

  return {
    issuer,
    clients,
    users,
    ...(input.jwks ? { jwks: input.jwks } : {}),
    scopes,
    scopeClaims,
    acrValues: stringList(input.acrValues, 'acrValues'),
    interaction: oneOf(input.interaction ?? 'auto', ['auto', 'login', 'prompt'], 'interaction'),
    sessionBinding: oneOf(input.sessionBinding ?? 'agent', ['agent', 'cookie'], 'sessionBinding'),
    ttl,
    limits: resolveLimits(input.limits),
    introspection: {
      resourceServers: stringList(input.introspection?.resourceServers, 'introspection.resourceServers'),
      allowAll: bool(input.introspection?.allowAll, false, 'introspection.allowAll'),
    },
    accessToken,
    pkce: { methods: [...pkceMethods], required: oneOf(input.pkce?.required ?? 'public', ['public', 'all', 'never'], 'pkce.required') },
    rotateRefreshToken: bool(input.rotateRefreshToken, true, 'rotateRefreshToken'),
    dpop: { nonce: oneOf(input.dpop?.nonce ?? 'off', ['off', 'required'], 'dpop.nonce') },
    requirePushedAuthorizationRequests: bool(input.requirePushedAuthorizationRequests, false, 'requirePushedAuthorizationRequests'),
    conformIdTokenClaims: bool(input.conformIdTokenClaims, true, 'conformIdTokenClaims'),
    profile: profile.profile,
    signingAlgs: profile.signingAlgs,
    ...profile.overrides,
    endpoints: input.endpoints ?? {},
    clock: input.clock ?? Date.now,
    ...(input.extraTokenClaims ? { extraTokenClaims: input.extraTokenClaims } : {}),
    ...grantOptions,
    claimRules: resolveClaimRules(input.claimRules),
    ...resolveAuthorizationSurface(input),
    generatedKeys: oneOf(input.generatedKeys ?? 'shared', ['shared', 'fresh'], 'generatedKeys'),
    requestObjects: resolveRequestObjects(input.requestObjects),
  }
}

/** An object of known options, with arrays and objects where the options are; its issuer. */
function checkShape(input: ServerConfiguration): string {
  if (input === null || typeof input !== 'object') throw new ConfigurationError('configuration', 'must be an object')
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL_FIELDS.has(key)) throw new ConfigurationError(key, 'is not a configuration option')
  }
  const issuer = validateIssuer(input.issuer)
  for (const field of ['clients', 'users'] as const) {
    if (input[field] !== undefined && !Array.isArray(input[field])) throw new ConfigurationError(field, 'must be an array')
  }
  for (const field of ['claims', 'ttl', 'accessToken', 'pkce', 'dpop'] as const) {
    const value = input[field]
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ConfigurationError(field, 'must be an object')
    }
  }
  return issuer
}

/** The configured clients, validated, each `client_id` once. */
function resolveClients(input: ServerConfiguration, grantTypes: string[], profile: Profile | undefined): (NormalizedClientMetadata & { client_id: string })[] {
  const clients = (input.clients ?? []).map((client, i) => validateClient(client, `clients[${i}]`, { grantTypes, profile }))
  return onlyOnce(clients, (client) => client.client_id, (i) => `clients[${i}].client_id`)
}

/** The configured users, validated, each `sub` once. */
function resolveUsers(input: ServerConfiguration): User[] {
  const users = (input.users ?? []).map((user, i) => validateUser(user, `users[${i}]`))
  return onlyOnce(users, (user) => user.sub, (i) => `users[${i}].sub`)
}

/** `items`, after checking that no two share a key. */
function onlyOnce<T>(items: T[], key: (item: T) => string, field: (index: number) => string): T[] {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    if (seen.has(key(item))) throw new ConfigurationError(field(i), `'${key(item)}' is given twice`)
    seen.add(key(item))
  })
  return items
}

/** The claims each scope releases (Core §5.4, merged with `claims`), and every supported scope. */
function resolveScopes(input: ServerConfiguration): Pick<ResolvedConfiguration, 'scopes' | 'scopeClaims'> {
  const scopeClaims: Record<string, readonly string[]> = { ...STANDARD_SCOPE_CLAIMS }
  for (const [scope, claims] of Object.entries(input.claims ?? {})) {
    if (!isScopeToken(scope)) throw new ConfigurationError(`claims.${scope}`, 'is not a valid scope name')
    if (!Array.isArray(claims) || !claims.every((c) => typeof c === 'string' && c !== '')) {
      throw new ConfigurationError(`claims.${scope}`, 'must be an array of claim names')
    }
    scopeClaims[scope] = [...claims]
  }
  const scopes = stringList(input.scopes, 'scopes')
  scopes.forEach((scope, i) => {
    if (!isScopeToken(scope)) throw new ConfigurationError(`scopes[${i}]`, `'${scope}' is not a valid scope name`)
  })
  for (const scope of Object.keys(scopeClaims)) if (!scopes.includes(scope)) scopes.push(scope)
  return { scopes, scopeClaims }
}

/** The lifetimes: the defaults, overridden by `ttl`. */
function resolveTtl(input: ServerConfiguration): Ttl {
  const ttl = { ...DEFAULT_TTL }
  for (const [name, value] of Object.entries(input.ttl ?? {})) {
    if (!(name in DEFAULT_TTL)) throw new ConfigurationError(`ttl.${name}`, `is not a lifetime (${Object.keys(DEFAULT_TTL).join(', ')})`)
    if (!(Number.isInteger(value) && value > 0)) throw new ConfigurationError(`ttl.${name}`, 'must be a positive whole number of seconds')
    ttl[name as keyof Ttl] = value
  }
  return ttl
}

/** `clock` and `extraTokenClaims`, the options that are functions. */
function checkFunctions(input: ServerConfiguration): void {
  if (input.clock !== undefined && typeof input.clock !== 'function') {
    throw new ConfigurationError('clock', 'must be a function returning milliseconds since the epoch')
  }
  if (input.extraTokenClaims !== undefined && typeof input.extraTokenClaims !== 'function') {
    throw new ConfigurationError('extraTokenClaims', 'must be a function')
  }
}
