/**
 * Refresh tokens: always opaque, stored by hash, bound to their client and grant, and for public
 * clients that use DPoP to the DPoP key (RFC 9449 §5).
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import { randomToken } from '../internal/random.js'
import type { ClientRecord, Grant, TokenRecord } from '../store/state.js'
import type { MintedToken } from './access-token.js'
import { sha256 } from '../internal/hash.js'
import { refreshChainEnd } from './refresh-lifetime.js'

/** A new refresh token for a grant, stored by its hash (optionally bound to a DPoP key), living `ttl` seconds. */
export function mintRefreshToken(context: EndpointContext, client: ClientRecord, grant: Grant, scope: string[], jkt?: string, ttl = context.config.ttl.RefreshToken): MintedToken {
  const token = randomToken()
  const iat = context.clock.now()
  const record: TokenRecord = {
    kind: 'refresh_token',
    format: 'opaque',
    client_id: client.client_id,
    sub: grant.sub,
    grant_id: grant.id,
    scope,
    iat,
    exp: Math.min(iat + ttl, refreshChainEnd(context, grant)),
    jti: randomToken(16),
    revoked: false,
    ...(jkt ? { cnf: { jkt } } : {}),
  }
  const key = sha256(token)
  context.tokens.store(key, record)
  return { token, key, record }
}

/** The record of a refresh token this OP issued (active or not). */
export function findRefreshToken(context: EndpointContext, token: string): { key: string; record: TokenRecord } | undefined {
  const key = sha256(token)
  const record = context.tokens.get(key)
  return record?.kind === 'refresh_token' ? { key, record } : undefined
}
