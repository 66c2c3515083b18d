/**
 * `op.issueToken(...)`: a token without a flow, for a resource server's tests. It is recorded in
 * the state under a grant of its own, so introspection, UserInfo, refresh and revocation treat it
 * exactly like a token from a flow.
 */
import { decodeJwt } from '../internal/jose.js'
import { resignIdToken } from '../add-ons/faults/id-token-defects.js'
import type { EndpointContext } from '../context/endpoint-context.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import { mintAccessToken } from '../tokens/access-token.js'
import { mintIdToken } from '../tokens/id-token.js'
import { mintRefreshToken } from '../tokens/refresh-token.js'

/** What `op.issueToken` takes. */
export interface IssueTokenOptions {
  /** The client the token is for: a registered one. */
  client_id: string
  /** The user: the OP's first user when absent. An ID token needs a known user. */
  sub?: string
  /** Space-separated (or an array): `openid` by default. */
  scope?: string | string[]
  /** The access token's `aud` (the configured audience by default); an ID token's `aud` is the client. */
  audience?: string | string[]
  /** Lifetime in seconds (the configured one by default). */
  expires_in?: number
  /** Claims added to a JWT (an access token in JWT format, or an ID token); protocol claims stay. */
  claims?: Record<string, unknown>
  /** Which token: `access_token` by default. */
  token_type?: 'access_token' | 'id_token' | 'refresh_token'
}

const TOKEN_TYPES = ['access_token', 'id_token', 'refresh_token'] as const

/** Mints the token `options` describe; throws a `ConfigurationError` naming a wrong field. */
export async function issueToken(context: EndpointContext, options: IssueTokenOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'expected an object')
  const { client_id, expires_in, claims, audience, token_type = 'access_token' } = options
  const client = typeof client_id === 'string' ? context.clients.get(client_id) : undefined
  if (!client) throw new ConfigurationError('client_id', `expected a registered client, not ${JSON.stringify(client_id)}`)
  if (!TOKEN_TYPES.includes(token_type)) throw new ConfigurationError('token_type', `expected one of ${TOKEN_TYPES.join(', ')}`)
  if (expires_in !== undefined && (typeof expires_in !== 'number' || !Number.isInteger(expires_in) || expires_in < 1)) {
    throw new ConfigurationError('expires_in', 'expected whole seconds, 1 or more')
  }
  if (claims !== undefined && (typeof claims !== 'object' || claims === null || Array.isArray(claims))) throw new ConfigurationError('claims', 'expected an object')
  const scope = scopeOf(options.scope)
  const sub = options.sub ?? context.users.list()[0]?.sub
  if (typeof sub !== 'string') throw new ConfigurationError('sub', 'expected a sub (the OP has no users to default to)')
  const user = context.users.get(sub)
  if (token_type === 'id_token' && !user) throw new ConfigurationError('sub', `an ID token needs a user of the OP; '${sub}' is none`)
  const grant = context.grants.create({ client_id: client.client_id, sub, scope, auth_time: context.clock.now() })

  if (token_type === 'refresh_token') return mintRefreshToken(context, client, grant, scope, undefined, expires_in).token
  if (token_type === 'id_token') {
    const idToken = await mintIdToken(context, { client, grant, user: user! })
    if (!claims && expires_in === undefined) return idToken
    const exp = expires_in !== undefined ? { exp: context.clock.now() + expires_in } : {}
    // The protocol claims win, as in access tokens; only `exp` follows `expires_in`.
    return resignIdToken(context, idToken, { ...decodeJwt(idToken), ...claims, ...protocolOf(idToken), ...exp })
  }
  const minted = await mintAccessToken(context, {
    client,
    scope,
    grant,
    ...(user ? { user } : {}),
    ...(expires_in !== undefined ? { ttl: expires_in } : {}),
    ...(audience !== undefined ? { audience } : {}),
    ...(claims ? { claims } : {}),
  })
  return minted.token
}

function scopeOf(scope: unknown): string[] {
  if (scope === undefined) return ['openid']
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean)
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) return [...scope]
  throw new ConfigurationError('scope', 'expected a space-separated string or an array of strings')
}

/** The claims of a signed ID token that the protocol fixes. */
function protocolOf(idToken: string): Record<string, unknown> {
  const fixed = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'sid', 'at_hash']
  return Object.fromEntries(Object.entries(decodeJwt(idToken)).filter(([name]) => fixed.includes(name)))
}
