/**
 * Grants: what a user authorized a client to do. The one place where `grants[*].revoked` and
 * `grants[*].expires_at` are written.
 *
 * One grant stands for one authorization of a client in a login session: a silent renew that asks
 * for nothing more reuses it (see {@link GrantsSlice.reuse}). So revoking the grant also takes the
 * codes and tokens of the session's earlier flows for that client: they are the same authorization.
 */
import { dropExpired, ownGet, ownSet } from '../own.js'
import type { Grant, OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** A grant as the authorization endpoint makes it; the slice adds the rest. */
export type NewGrant = Omit<Grant, 'id' | 'created_at' | 'revoked' | 'expires_at'>

/** Actions and queries on `state.grants`. */
export interface GrantsSlice {
  /** Creates a grant, alive at least as long as the code about to be issued from it. */
  create(grant: NewGrant): Grant
  /**
   * Reuses grant `id` for a new authorization when it is live and `wanted` asks for nothing more
   * (same user, client, session, scope set, `claims` request, `acr` and `auth_time`): it is
   * extended to live at least as long as the code about to be issued. Undefined otherwise.
   */
  reuse(id: string | undefined, wanted: NewGrant): Grant | undefined
  /** A grant by id (revoked or not). */
  get(id: string | undefined): Grant | undefined
  /** Revokes a grant: every code and token minted from it stops working. */
  revoke(id: string): void
  /** Revokes every grant that `which` selects, and marks their tokens revoked (a logout, a removed user). */
  revokeWhere(which: (grant: Grant) => boolean): void
}

/** The grants slice. */
export function grantsSlice({ store, clock, settings, random, scopes }: SliceDeps): GrantsSlice {
  return {
    create(grant) {
      const now = clock.now()
      const id = random.id()
      const expires_at = now + settings.ttl.AuthorizationCode
      // A login's usual grant as one literal, every field inside the object; the others with
      // Object.assign, not `{ ...grant, id }`: V8 gives a spread-then-extended object several times the heap (bench/README.md, memory).
      const record: Grant = isLoginGrant(grant)
        ? { client_id: grant.client_id, sub: grant.sub, sid: grant.sid, scope: scopes(grant.scope), auth_time: grant.auth_time, id, created_at: now, revoked: false, expires_at }
        : Object.assign({}, grant, { scope: scopes(grant.scope), id, created_at: now, revoked: false, expires_at })
      mutate(store, (state) => ownSet(state.grants, record.id, record))
      return record
    },
    reuse(id, wanted) {
      const now = clock.now()
      const grant = id ? ownGet(store.getState().grants, id) : undefined
      if (!grant || grant.revoked || grant.expires_at <= now || !asksNothingMore(grant, wanted)) return undefined
      mutate(store, (state) => extendGrant(state, grant.id, now + settings.ttl.AuthorizationCode))
      return ownGet(store.getState().grants, grant.id)
    },
    get: (id) => (id ? ownGet(store.getState().grants, id) : undefined),
    revoke(id) {
      mutate(store, (state) => {
        const grant = ownGet(state.grants, id)
        if (grant) grant.revoked = true
      })
    },
    revokeWhere(which) {
      mutate(store, (state) => {
        for (const grant of Object.values(state.grants)) if (which(grant)) revokeWithTokens(state, grant)
      })
    },
  }
}

/**
 * Revokes a grant and says so on every token minted from it: they stopped working with the grant
 * (a logout's grants without offline_access too), and `dump()` shows `revoked: true`.
 */
function revokeWithTokens(state: OPState, grant: Grant): void {
  grant.revoked = true
  for (const token of Object.values(state.tokens)) if (token.grant_id === grant.id) token.revoked = true
}

const LOGIN_GRANT_KEYS = ['client_id', 'sub', 'sid', 'scope', 'auth_time']

/** Whether `grant` has exactly the fields of a login's grant without options, in their order. */
function isLoginGrant(grant: NewGrant): grant is NewGrant & { sid: string } {
  const keys = Object.keys(grant)
  return keys.length === LOGIN_GRANT_KEYS.length && keys.every((key, i) => key === LOGIN_GRANT_KEYS[i]) && grant.sid !== undefined
}

/** Whether a new authorization `wanted` is covered by `grant` as it is. */
function asksNothingMore(grant: Grant, wanted: NewGrant): boolean {
  const sameScope = grant.scope.length === wanted.scope.length && wanted.scope.every((scope) => grant.scope.includes(scope))
  return (
    grant.client_id === wanted.client_id &&
    grant.sub === wanted.sub &&
    grant.sid !== undefined &&
    grant.sid === wanted.sid &&
    grant.auth_time === wanted.auth_time &&
    grant.acr === wanted.acr &&
    sameScope &&
    // Parsed from the request the same way, so equal requests serialize the same.
    JSON.stringify(grant.claims) === JSON.stringify(wanted.claims) &&
    JSON.stringify([grant.resource, grant.authorization_details, grant.claims_locales]) === JSON.stringify([wanted.resource, wanted.authorization_details, wanted.claims_locales])
  )
}

/** Keeps a grant while something minted from it lives until `until` (inside another slice's write). */
export function extendGrant(state: OPState, grantId: string, until: number): void {
  const grant = ownGet(state.grants, grantId)
  if (grant && grant.expires_at < until) grant.expires_at = until
}

/** Drops grants nothing lives from any more (for the sweep). */
export function dropExpiredGrants(state: OPState, now: number): void {
  dropExpired(state.grants, (grant) => grant.expires_at, now)
}
