/**
 * Which of a user's claims a token or the UserInfo response carries (OpenID Connect Core §5.4, §5.5).
 */
import type { User } from '../store/state.js'
import type { ClaimsRequest } from './claims-request.js'
import { ownGet, ownSet } from '../store/own.js'

/** Claims the protocol sets itself: a user's claims never override them. */
export const PROTOCOL_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp',
  'at_hash', 'c_hash', 's_hash', 'sid', 'cnf', 'client_id', 'scope', 'typ',
])

/**
 * What claims release needs: the user, the granted scope and the `claims` request of the grant.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims
 */
export interface ReleaseInput {
  user: User
  scope: readonly string[]
  /** scope → claim names (the standard mapping merged with the configuration's). */
  scopeClaims: Record<string, readonly string[]>
  /** The members the `claims` request asks for in this target. */
  requested?: ClaimsRequest['userinfo']
  /** Whether scope claims are released here (always for UserInfo; for ID tokens only when not conform). */
  includeScopeClaims: boolean
}

/** The user claims to release, without `sub` and without protocol claims. */
export function releaseClaims({ user, scope, scopeClaims, requested, includeScopeClaims }: ReleaseInput): Record<string, unknown> {
  const names = new Set<string>()
  if (includeScopeClaims) for (const s of scope) for (const claim of ownGet(scopeClaims, s) ?? []) names.add(claim)
  for (const claim of Object.keys(requested ?? {})) names.add(claim)
  const out: Record<string, unknown> = {}
  for (const name of names) {
    if (PROTOCOL_CLAIMS.has(name) || name === 'password') continue
    const value = ownGet(user, name)
    if (value !== undefined) ownSet(out, name, value)
  }
  return out
}

/** Every claim name a scope can release, for `claims_supported`. */
export function supportedClaims(scopeClaims: Record<string, readonly string[]>): string[] {
  const names = new Set(['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'sid'])
  for (const claims of Object.values(scopeClaims)) for (const claim of claims) names.add(claim)
  return [...names]
}
