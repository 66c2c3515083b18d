/**
 * The rules that cross slices, in one place: what goes with a user, a client, a login session or
 * a refresh token when it ends. Revoking a grant needs no rule of its own: every code and token
 * checks its grant (`tokens.isActive`, the grants' `revoked`), so they stop working with it.
 */
import type { ClientsSlice } from './slices/clients.js'
import type { ConsentsSlice } from './slices/consents.js'
import type { GrantsSlice } from './slices/grants.js'
import type { SessionsSlice } from './slices/sessions.js'
import type { TokensSlice } from './slices/tokens.js'
import type { UsersSlice } from './slices/users.js'
import type { Sweeper } from './sweep.js'
import type { SessionEnds } from './session-ends.js'

/** Actions that change several slices. */
export interface StateActions {
  /** Removes a user: their sessions end, their grants are revoked, their consents forgotten. False when unknown. */
  removeUser(sub: string): boolean
  /** Removes a client: its grants are revoked, so its tokens stop working. False when unknown. */
  removeClient(clientId: string): boolean
  /**
   * Ends a session. Grants made in it end too, except those with `offline_access`.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#OfflineAccess
   */
  logout(sid: string): void
  /**
   * Revokes a token. A refresh token takes its grant along, and so every access token of that grant.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
   */
  revokeToken(key: string): void
  /** Drops every expired record now (see {@link Sweeper.sweep}). */
  sweep(): void
}

/** The slices the rules change. */
export interface RuledSlices {
  sessions: SessionsSlice
  consents: ConsentsSlice
  grants: GrantsSlice
  tokens: TokensSlice
  clients: ClientsSlice
  users: UsersSlice
}

/** The cross-slice actions over `slices`. */
export function createStateActions(slices: RuledSlices, sweeper: Pick<Sweeper, 'sweep'>, ends?: Pick<SessionEnds, 'notify'>): StateActions {
  const { sessions, consents, grants, tokens, clients, users } = slices
  return {
    removeUser(sub) {
      if (!users.get(sub)) return false
      const ended = sessions.list().filter((session) => session.sub === sub)
      users.remove(sub)
      sessions.endAllOf(sub)
      grants.revokeWhere((grant) => grant.sub === sub)
      consents.forget(sub)
      ends?.notify(ended, 'user_removed')
      return true
    },
    removeClient(clientId) {
      if (!clients.get(clientId)) return false
      clients.remove(clientId)
      grants.revokeWhere((grant) => grant.client_id === clientId)
      return true
    },
    logout(sid) {
      const ended = sessions.get(sid)
      sessions.end(sid)
      grants.revokeWhere((grant) => grant.sid === sid && !grant.scope.includes('offline_access'))
      if (ended) ends?.notify([ended], 'logout')
    },
    revokeToken(key) {
      const record = tokens.get(key)
      if (record?.kind === 'refresh_token' && record.grant_id) grants.revoke(record.grant_id)
      else if (record) tokens.revoke(key)
    },
    sweep: () => sweeper.sweep(),
  }
}
