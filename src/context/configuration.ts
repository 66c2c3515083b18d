/**
 * The OP's configuration: what users pass to `new Server()`, its documented defaults, and the one
 * validation that turns a bad configuration into a {@link ConfigurationError} naming the field.
 */
import type { JWK } from 'jose'
import { MetadataProblem, validateClientMetadata, type ClientMetadata } from '../client/metadata.js'
import { PKCE_METHODS, SIGNING_ALGS, STANDARD_SCOPE_CLAIMS, type PkceMethod, type SigningAlg } from '../consts.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { User } from '../store/state.js'

/** Lifetimes, in seconds. */
export interface Ttl {
  /** RFC 6749 §4.1.2 recommends at most ten minutes. Default 60. */
  AuthorizationCode: number
  /** Default 3600. */
  AccessToken: number
  /** Default 3600. */
  IdToken: number
  /** Default 14 days. */
  RefreshToken: number
  /** The login session at the OP (SSO). Default 14 days. */
  Session: number
  /** A pending login or consent page. Default 10 minutes. */
  Interaction: number
  /**
   * How long after its `iat` a DPoP proof is accepted, by the OP's clock (RFC 9449 §4.3 check 11,
   * §11.1); its `jti` is remembered as long. Default 300. An `iat` up to 60 s ahead is accepted too.
   */
  DPoPProof: number
  /** A DPoP nonce the OP provided (RFC 9449 §8): accepted this long, replaced after half of it. Default 300. */
  DPoPNonce: number
  /** A pushed authorization request's `request_uri` (RFC 9126 §2.2). Default 60. */
  PushedAuthorizationRequest: number
}

/** Settings of one endpoint: switch it off, or move it. */
export interface EndpointSettings {
  /** Default true. A disabled endpoint answers 404 and leaves the metadata. */
  enabled?: boolean
  /** Path under the issuer, for endpoints whose URL the metadata publishes. */
  path?: string
}

export interface RegistrationSettings extends EndpointSettings {
  /** RFC 7591 §3: when set, registration requires it as a Bearer token. Default: open registration. */
  initialAccessToken?: string
}

export interface EndpointsConfiguration {
  provider_config?: EndpointSettings
  server_metadata?: EndpointSettings
  webfinger?: EndpointSettings
  jwks?: EndpointSettings
  registration?: RegistrationSettings
  registration_read?: EndpointSettings
  authorization?: EndpointSettings
  pushed_authorization?: EndpointSettings
  interaction?: EndpointSettings
  token?: EndpointSettings
  userinfo?: EndpointSettings
  introspection?: EndpointSettings
  token_revocation?: EndpointSettings
  session?: EndpointSettings
}

/** What an {@link ServerConfiguration.extraTokenClaims} hook is told. */
export interface ExtraTokenClaimsInput {
  token: 'access_token' | 'id_token'
  client_id: string
  /** The user; absent for client_credentials. */
  user?: User
  scope: string[]
}

/**
 * Everything `new Server(configuration)` accepts. Only `issuer` is required.
 * JSON-only fields (everything but `clock` and `extraTokenClaims`) can also be sent to the worker.
 */
export interface ServerConfiguration {
  /** The issuer identifier: an absolute http(s) URL, a path allowed, no query or fragment. */
  issuer: string
  /** Clients, with RFC 7591 metadata names; each needs `client_id`. */
  clients?: ClientMetadata[]
  /** Users: `sub` plus OpenID standard claims and any others. The first one is the default login. */
  users?: User[]
  /** Private signing keys (JWK, with `alg`). Default: an RS256 and an ES256 key, generated. */
  jwks?: { keys: JWK[] }
  /** More scopes to support, beyond openid, profile, email, address, phone and offline_access. */
  scopes?: string[]
  /**
   * Claims released per scope, merged over the standard ones (Core §5.4):
   * `{ groups: ['groups'] }` makes the `groups` scope release the `groups` claim.
   */
  claims?: Record<string, string[]>
  /** `acr_values_supported`. Default: none published; any requested value is honoured. */
  acrValues?: string[]
  /**
   * Who logs in:
   * - `auto` (default): no page; the user whose `sub` (or email) equals `login_hint`, else the first user.
   * - `login`: the OP's own login page for every login, and a consent page where consent is missing.
   * - `prompt`: automatic, but the pages appear for `prompt=login`, `select_account` or `consent`.
   */
  interaction?: 'auto' | 'login' | 'prompt'
  /**
   * Where the login session lives:
   * - `agent` (default): the OP acts as one user agent (Node tests, the service worker).
   * - `cookie`: a session cookie per browser, as a real OP (Playwright).
   */
  sessionBinding?: 'agent' | 'cookie'
  ttl?: Partial<Ttl>
  accessToken?: {
    /** `jwt` (RFC 9068, default) or `opaque`. */
    format?: 'jwt' | 'opaque'
    /** The `aud` of JWT access tokens. Default: the issuer. */
    audience?: string | string[]
    /** Default RS256, which RFC 9068 §4 requires resource servers to support. */
    signingAlg?: SigningAlg
  }
  pkce?: {
    /** `code_challenge_methods_supported`. Default `['S256']`; `plain` only when listed. */
    methods?: PkceMethod[]
    /** Which clients must send a code_challenge. Default `public`. */
    required?: 'public' | 'all' | 'never'
  }
  /** Issue a new refresh token on every refresh and revoke the grant when an old one is reused. Default true. */
  rotateRefreshToken?: boolean
  /** DPoP, RFC 9449: proofs are always checked and bind tokens; this says how. */
  dpop?: {
    /**
     * Server-provided nonces (§8, §9): `off` (default) — proofs are judged by their `iat`;
     * `required` — every proof must carry a nonce the OP provided in a `DPoP-Nonce` header, else
     * `use_dpop_nonce`. A proof with a valid nonce is as fresh as its nonce, whatever its `iat`.
     */
    nonce?: 'off' | 'required'
  }
  /**
   * `require_pushed_authorization_requests` (RFC 9126 §5): every client must push its authorization
   * requests first. Default false; a client can ask for it alone with the metadata of that name.
   */
  requirePushedAuthorizationRequests?: boolean
  /**
   * Spec-conform ID tokens (default true): scope claims go to UserInfo only, the ID token carries
   * the claims the `claims` parameter asks for. false: scope claims go into the ID token as well.
   */
  conformIdTokenClaims?: boolean
  endpoints?: EndpointsConfiguration
  /** The current time in milliseconds; every `iat`, `exp` and expiry check reads it. */
  clock?: () => number
  /** Claims added to access tokens and ID tokens (they never override the protocol claims). */
  extraTokenClaims?: (input: ExtraTokenClaimsInput) => Record<string, unknown> | undefined
}

/** The configuration with every default applied. */
export interface ResolvedConfiguration {
  issuer: string
  clients: ClientMetadata[]
  users: User[]
  jwks?: { keys: JWK[] }
  scopes: string[]
  scopeClaims: Record<string, readonly string[]>
  acrValues: string[]
  interaction: 'auto' | 'login' | 'prompt'
  sessionBinding: 'agent' | 'cookie'
  ttl: Ttl
  accessToken: { format: 'jwt' | 'opaque'; audience: string | string[]; signingAlg: SigningAlg }
  pkce: { methods: PkceMethod[]; required: 'public' | 'all' | 'never' }
  rotateRefreshToken: boolean
  dpop: { nonce: 'off' | 'required' }
  requirePushedAuthorizationRequests: boolean
  conformIdTokenClaims: boolean
  endpoints: EndpointsConfiguration
  clock: () => number
  extraTokenClaims?: ServerConfiguration['extraTokenClaims']
}

export const DEFAULT_TTL: Ttl = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  RefreshToken: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
  Interaction: 600,
  DPoPProof: 300,
  DPoPNonce: 300,
  PushedAuthorizationRequest: 60,
}

const TOP_LEVEL_FIELDS = new Set([
  'issuer', 'clients', 'users', 'jwks', 'scopes', 'claims', 'acrValues', 'interaction', 'sessionBinding', 'ttl', 'dpop',
  'accessToken', 'pkce', 'rotateRefreshToken', 'requirePushedAuthorizationRequests', 'conformIdTokenClaims', 'endpoints', 'clock', 'extraTokenClaims',
])

/** Validates a configuration and applies the defaults. Throws {@link ConfigurationError}. */
export function resolveConfiguration(input: ServerConfiguration): ResolvedConfiguration {
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
  const clients = (input.clients ?? []).map((client, i) => validateStaticClient(client, i))
  const seenClients = new Set<string>()
  clients.forEach((client, i) => {
    if (seenClients.has(client.client_id!)) throw new ConfigurationError(`clients[${i}].client_id`, `'${client.client_id}' is given twice`)
    seenClients.add(client.client_id!)
  })
  const users = (input.users ?? []).map((user, i) => validateUser(user, `users[${i}]`))
  const seenUsers = new Set<string>()
  users.forEach((user, i) => {
    if (seenUsers.has(user.sub)) throw new ConfigurationError(`users[${i}].sub`, `'${user.sub}' is given twice`)
    seenUsers.add(user.sub)
  })

  const scopeClaims: Record<string, readonly string[]> = { ...STANDARD_SCOPE_CLAIMS }
  for (const [scope, claims] of Object.entries(input.claims ?? {})) {
    if (!isToken(scope)) throw new ConfigurationError(`claims.${scope}`, 'is not a valid scope name')
    if (!Array.isArray(claims) || !claims.every((c) => typeof c === 'string' && c !== '')) {
      throw new ConfigurationError(`claims.${scope}`, 'must be an array of claim names')
    }
    scopeClaims[scope] = [...claims]
  }
  const scopes = stringList(input.scopes, 'scopes')
  scopes.forEach((scope, i) => {
    if (!isToken(scope)) throw new ConfigurationError(`scopes[${i}]`, `'${scope}' is not a valid scope name`)
  })
  for (const scope of Object.keys(scopeClaims)) if (!scopes.includes(scope)) scopes.push(scope)

  const ttl = { ...DEFAULT_TTL }
  for (const [name, value] of Object.entries(input.ttl ?? {})) {
    if (!(name in DEFAULT_TTL)) throw new ConfigurationError(`ttl.${name}`, `is not a lifetime (${Object.keys(DEFAULT_TTL).join(', ')})`)
    if (!(Number.isInteger(value) && value > 0)) throw new ConfigurationError(`ttl.${name}`, 'must be a positive whole number of seconds')
    ttl[name as keyof Ttl] = value
  }

  const accessToken = {
    format: oneOf(input.accessToken?.format ?? 'jwt', ['jwt', 'opaque'], 'accessToken.format'),
    audience: input.accessToken?.audience ?? issuer,
    signingAlg: oneOf(input.accessToken?.signingAlg ?? 'RS256', SIGNING_ALGS, 'accessToken.signingAlg'),
  }
  const pkceMethods = input.pkce?.methods ?? ['S256']
  pkceMethods.forEach((m, i) => oneOf(m, PKCE_METHODS, `pkce.methods[${i}]`))
  if (pkceMethods.length === 0) throw new ConfigurationError('pkce.methods', 'must list at least one method')

  if (input.clock !== undefined && typeof input.clock !== 'function') {
    throw new ConfigurationError('clock', 'must be a function returning milliseconds since the epoch')
  }
  if (input.extraTokenClaims !== undefined && typeof input.extraTokenClaims !== 'function') {
    throw new ConfigurationError('extraTokenClaims', 'must be a function')
  }
  validateEndpoints(input.endpoints ?? {})
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
    accessToken,
    pkce: { methods: [...pkceMethods], required: oneOf(input.pkce?.required ?? 'public', ['public', 'all', 'never'], 'pkce.required') },
    rotateRefreshToken: bool(input.rotateRefreshToken, true, 'rotateRefreshToken'),
    dpop: { nonce: oneOf(input.dpop?.nonce ?? 'off', ['off', 'required'], 'dpop.nonce') },
    requirePushedAuthorizationRequests: bool(input.requirePushedAuthorizationRequests, false, 'requirePushedAuthorizationRequests'),
    conformIdTokenClaims: bool(input.conformIdTokenClaims, true, 'conformIdTokenClaims'),
    endpoints: input.endpoints ?? {},
    clock: input.clock ?? Date.now,
    ...(input.extraTokenClaims ? { extraTokenClaims: input.extraTokenClaims } : {}),
  }
}

function validateIssuer(issuer: unknown): string {
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

/** Validates one configured client, naming `clients[i].field` in errors. */
export function validateStaticClient(client: ClientMetadata, index: number): ClientMetadata {
  if (client === null || typeof client !== 'object') throw new ConfigurationError(`clients[${index}]`, 'must be an object')
  if (typeof client.client_id !== 'string' || client.client_id === '') {
    throw new ConfigurationError(`clients[${index}].client_id`, 'is required')
  }
  try {
    return validateClientMetadata(client, { secretProvided: 'required' })
  } catch (problem) {
    if (problem instanceof MetadataProblem) throw new ConfigurationError(`clients[${index}].${problem.field}`, problem.problem)
    throw problem
  }
}

/** Validates one user: a non-empty string `sub`, and claims that are JSON. */
export function validateUser(user: unknown, field: string): User {
  if (user === null || typeof user !== 'object' || Array.isArray(user)) throw new ConfigurationError(field, 'must be an object')
  const sub = (user as User).sub
  if (typeof sub !== 'string' || sub === '') throw new ConfigurationError(`${field}.sub`, 'is required: a non-empty string')
  try {
    return JSON.parse(JSON.stringify(user)) as User
  } catch {
    throw new ConfigurationError(field, 'claims must be JSON values')
  }
}

const ENDPOINT_NAMES = new Set([
  'provider_config', 'server_metadata', 'webfinger', 'jwks', 'registration', 'registration_read', 'authorization',
  'pushed_authorization', 'interaction', 'token', 'userinfo', 'introspection', 'token_revocation', 'session',
])
/** Endpoints whose URL the spec fixes: they cannot move. */
const FIXED_PATH = new Set(['provider_config', 'server_metadata', 'webfinger'])

function validateEndpoints(endpoints: EndpointsConfiguration): void {
  if (typeof endpoints !== 'object' || endpoints === null) throw new ConfigurationError('endpoints', 'must be an object')
  for (const [name, settings] of Object.entries(endpoints)) {
    const field = `endpoints.${name}`
    if (!ENDPOINT_NAMES.has(name)) throw new ConfigurationError(field, `is not an endpoint (${[...ENDPOINT_NAMES].join(', ')})`)
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      throw new ConfigurationError(field, 'must be an object such as { enabled: false } or { path: "/x" }')
    }
    const { enabled, path } = settings as EndpointSettings
    if (enabled !== undefined && typeof enabled !== 'boolean') throw new ConfigurationError(`${field}.enabled`, 'must be a boolean')
    if (path !== undefined) {
      if (FIXED_PATH.has(name)) throw new ConfigurationError(`${field}.path`, 'is fixed by its specification')
      if (typeof path !== 'string' || !/^\/[A-Za-z0-9\-._~/]*$/.test(path) || path.includes('//')) {
        throw new ConfigurationError(`${field}.path`, "must start with '/' and hold only URL path characters")
      }
    }
  }
  const token = endpoints.registration?.initialAccessToken
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new ConfigurationError('endpoints.registration.initialAccessToken', 'must be a non-empty string')
  }
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw new ConfigurationError(field, 'must be an array of non-empty strings')
  }
  return [...value]
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigurationError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, not ${JSON.stringify(value)}`)
  }
  return value as T
}

function bool(value: unknown, fallback: boolean, field: string): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new ConfigurationError(field, 'must be a boolean')
  return value
}

/** RFC 6749 §3.3 scope-token: printable ASCII but space, '"' and '\'. */
function isToken(value: string): boolean {
  return /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(value)
}

export { isToken as isScopeToken }
