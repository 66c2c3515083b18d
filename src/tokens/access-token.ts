/**
 * Access tokens: JWTs after RFC 9068 by default, or opaque strings. Either way the OP keeps a
 * record (by `jti`, or by the hash of the opaque token) so that revocation and introspection work.
 */
import { ruleClaims } from '../claims/rules.js'
import { base64url } from '../internal/jose.js'
import { ACCESS_TOKEN_JWT_TYPE } from '../consts.js'
import type { EndpointContext } from '../context/endpoint-context.js'
import { randomToken } from '../internal/random.js'
import type { AuthorizationDetail, ClientRecord, Grant, TokenRecord, User } from '../store/state.js'
import { sha256 } from '../internal/hash.js'
import { ownString } from '../store/compact.js'
import { protocolFirst } from './claims.js'
import { subjectFor } from '../add-ons/pairwise/subject.js'

/** A token as issued to the client, and its record in the state. */
export interface MintedToken {
  token: string
  /** The key of its record in `state.tokens`. */
  key: string
  record: TokenRecord
}

/** What an access token is minted from. */
export interface AccessTokenInput {
  client: ClientRecord
  scope: string[]
  /** The grant it comes from; absent for client_credentials. */
  grant?: Grant
  user?: User
  /** The thumbprint of the DPoP key the token is bound to (RFC 9449 §6). */
  jkt?: string
  /** Its `aud`, when not the configured one (token exchange's `audience`/`resource`, RFC 8693 §2.1; `op.issueToken`'s `audience`). */
  audience?: string | string[]
  /** The acting party, for delegation (RFC 8693 §4.1). */
  act?: Record<string, unknown>
  /** A JWT whatever `accessToken.format` says (token exchange's `jwt` type, RFC 8693 §3). */
  format?: 'jwt'
  /** Lifetime in seconds, instead of the configured one (`op.issueToken`'s `expires_in`). */
  ttl?: number
  /** Claims added to a JWT (protocol claims cannot be overridden). */
  claims?: Record<string, unknown>
  /** RFC 9396 §9.1: the authorization details the token carries. */
  authorization_details?: AuthorizationDetail[]
}

/**
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6
 */
export async function mintAccessToken(context: EndpointContext, { client, scope, grant, user, jkt, audience, act, format, ttl, claims: added, authorization_details }: AccessTokenInput): Promise<MintedToken> {
  const { config } = context
  const iat = context.clock.now()
  const exp = iat + (ttl ?? config.ttl.AccessToken)
  const sub = grant?.sub ?? client.client_id
  const jti = randomToken(16)
  const base = {
    kind: 'access_token' as const,
    client_id: client.client_id,
    sub,
    ...(grant ? { grant_id: grant.id } : {}),
    scope,
    iat,
    exp,
    jti,
    revoked: false,
    ...(jkt ? { cnf: { jkt } } : {}),
    ...(act ? { act } : {}),
    ...(authorization_details ? { authorization_details } : {}),
  }

  if ((format ?? config.accessToken.format) === 'opaque') {
    const token = randomToken()
    // Object.assign, not a spread: a smaller object in V8 (see grants.create), and the state keeps tens of thousands.
    const record: TokenRecord = Object.assign(base, { format: 'opaque' as const }, audience !== undefined ? { aud: audience } : {})
    const key = sha256(token)
    context.tokens.store(key, record)
    return { token, key, record }
  }

  const alg = config.accessToken.signingAlg
  const aud = audience ?? config.accessToken.audience
  const extra = config.extraTokenClaims?.({ token: 'access_token', client_id: client.client_id, ...(user ? { user } : {}), scope })
  const rules = ruleClaims(config.claimRules, { target: 'access_token', client_id: client.client_id, scope, ...(user ? { user } : {}) })
  const claims = protocolFirst({ ...extra, ...rules, ...added }, {
    iss: context.issuer,
    sub: grant ? subjectFor(context, client, sub) : sub,
    aud,
    exp,
    iat,
    jti,
    client_id: client.client_id,
    scope: scope.join(' '),
    ...(grant ? { auth_time: grant.auth_time } : {}),
    ...(grant?.acr ? { acr: grant.acr } : {}),
    ...(grant?.amr ? { amr: grant.amr } : {}),
    ...(grant?.sid ? { sid: grant.sid } : {}),
    // RFC 9449 §6.1.
    ...(jkt ? { cnf: { jkt } } : {}),
    ...(act ? { act } : {}),
    ...(authorization_details ? { authorization_details } : {}),
  })
  const token = await context.keyjar.sign(claims, alg, ACCESS_TOKEN_JWT_TYPE)
  const token_hash = ownString(sha256(token))
  // The usual record (a grant's, no cnf, act or details) as one literal, every field inside the
  // object; the others through Object.assign, not a spread (see grants.create). bench/README.md, memory.
  const record: TokenRecord = grant && !jkt && !act && !authorization_details
    ? { kind: 'access_token', client_id: client.client_id, sub, grant_id: grant.id, scope, iat, exp, jti, revoked: false, format: 'jwt', aud, alg, token_hash }
    : Object.assign({}, base, { format: 'jwt' as const, aud, alg, token_hash })
  context.tokens.store(jti, record)
  return { token, key: jti, record }
}

/**
 * Finds the record of an access token this OP issued (active or not). A JWT is found by its `jti`
 * and must be, byte for byte, the token issued under it (its SHA-256 is in the record): the state
 * decides, so the OP does not check its own signature again (issue 16). A record without the hash
 * (a snapshot of an earlier version) falls back to the signature. Anything else is looked up by its hash.
 */
export async function findAccessToken(context: EndpointContext, token: string): Promise<{ key: string; record: TokenRecord } | undefined> {
  if (token.split('.').length !== 3) {
    const key = sha256(token)
    const record = context.tokens.get(key)
    return record?.kind === 'access_token' ? { key, record } : undefined
  }
  const key = unverifiedJti(token)
  const record = key === undefined ? undefined : context.tokens.get(key)
  if (key === undefined || record?.kind !== 'access_token') return undefined
  if (record.token_hash !== undefined) return record.token_hash === sha256(token) ? { key, record } : undefined
  try {
    const { payload } = await context.keyjar.verify(token, { expired: 'allow', typ: ACCESS_TOKEN_JWT_TYPE, issuer: context.issuer })
    return payload.jti === key ? { key, record } : undefined
  } catch {
    return undefined
  }
}

const decoder = new TextDecoder()

/** The `jti` a JWT says it has, read without checking anything: only a key to look up. */
function unverifiedJti(jwt: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(decoder.decode(base64url.decode(jwt.split('.')[1]!)))
    const jti = payload !== null && typeof payload === 'object' ? (payload as { jti?: unknown }).jti : undefined
    return typeof jti === 'string' ? jti : undefined
  } catch {
    return undefined
  }
}
