/** Login sessions at the OP, and the one the worker or Node (as one user agent) holds. */
import { timingSafeEqual } from '../../internal/hash.js'
import { countRecords, ensureRoom } from '../caps.js'
import { dropExpired, ownDelete, ownGet, ownSet } from '../own.js'
import type { LoginSession, OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** What a login is made with, besides the user. */
export interface LoginDetails {
  acr?: string
  amr?: string[]
}

/** Actions and queries on `state.sessions` and `state.agent_session`. */
export interface SessionsSlice {
  /** A session by id, if it is live and its user still exists. */
  get(sid: string): LoginSession | undefined
  /** Every live session. */
  list(): LoginSession[]
  /** The user agent's live session: the agent's one, or the one whose cookie value its session cookie holds. */
  current(cookieValue: string | undefined): LoginSession | undefined
  /** Logs `sub` in: a new session (a new `sid`), which becomes the user agent's; it replaces `previous`. */
  login(sub: string, details?: LoginDetails, previous?: LoginSession): LoginSession
  /** A new single-use CSRF token for the logout confirmation page of session `sid` (it replaces the last one). */
  issueLogoutToken(sid: string): string
  /** Spends the session's logout CSRF token, right or wrong: true when `token` was it (it works once). */
  spendLogoutToken(sid: string, token: string): boolean
  /** The id of the grant the session's last authorization of `clientId` made or reused, if any. */
  grantOf(sid: string, clientId: string): string | undefined
  /** Records `grantId` as the session's grant for `clientId` (for a silent renew to reuse). */
  rememberGrant(sid: string, clientId: string, grantId: string): void
  /** Deletes a session (and unsets it as the agent's). */
  end(sid: string): void
  /** Deletes every session of a user. */
  endAllOf(sub: string): void
}

/** The sessions slice. */
export function sessionsSlice({ store, clock, settings, random, grew }: SliceDeps): SessionsSlice {
  const get = (sid: string): LoginSession | undefined => {
    const state = store.getState()
    const session = ownGet(state.sessions, sid)
    if (!session || session.expires_at <= clock.now()) return undefined
    if (!state.users.some((u) => u.sub === session.sub)) return undefined
    return session
  }
  return {
    get,
    list: () => Object.values(store.getState().sessions).filter((s) => get(s.sid)),
    current(cookieValue) {
      const state = store.getState()
      const sid = settings.sessionBinding === 'agent' ? state.agent_session : cookieValue && Object.values(state.sessions).find((s) => s.cookie === cookieValue)?.sid
      return sid ? get(sid) : undefined
    },
    login(sub, details = {}, previous) {
      const now = clock.now()
      const session: LoginSession = {
        sid: random.id(),
        ...(settings.sessionBinding === 'cookie' ? { cookie: random.token() } : {}),
        sub,
        auth_time: now,
        ...(details.acr ? { acr: details.acr } : {}),
        ...(details.amr ? { amr: details.amr } : {}),
        expires_at: now + settings.ttl.Session,
      }
      if (!previous) ensureRoom(countRecords(store.getState().sessions, store.getState().revision), settings.limits.sessions, 'login sessions', 'sessions')
      mutate(store, (state) => {
        // Re-authentication replaces the session the user agent had.
        if (previous) ownDelete(state.sessions, previous.sid)
        ownSet(state.sessions, session.sid, session)
        if (settings.sessionBinding === 'agent') state.agent_session = session.sid
      })
      grew()
      return session
    },
    issueLogoutToken(sid) {
      const token = random.token()
      mutate(store, (state) => {
        const session = ownGet(state.sessions, sid)
        if (session) session.logout_token = token
      })
      return token
    },
    spendLogoutToken(sid, token) {
      const expected = ownGet(store.getState().sessions, sid)?.logout_token
      if (expected === undefined) return false
      // Spent right or wrong: a guess costs the token, and the page must be shown again.
      mutate(store, (state) => {
        delete ownGet(state.sessions, sid)!.logout_token
      })
      return timingSafeEqual(token, expected)
    },
    grantOf(sid, clientId) {
      const byClient = ownGet(store.getState().sessions, sid)?.grants_by_client
      return byClient ? ownGet(byClient, clientId) : undefined
    },
    rememberGrant(sid, clientId, grantId) {
      mutate(store, (state) => {
        const session = ownGet(state.sessions, sid)
        if (session) ownSet((session.grants_by_client ??= {}), clientId, grantId)
      })
    },
    end(sid) {
      mutate(store, (state) => {
        ownDelete(state.sessions, sid)
        if (state.agent_session === sid) state.agent_session = null
      })
    },
    endAllOf(sub) {
      mutate(store, (state) => {
        for (const session of Object.values(state.sessions)) if (session.sub === sub) ownDelete(state.sessions, session.sid)
        forgetLostAgentSession(state)
      })
    },
  }
}

/** Drops expired sessions (for the sweep). */
export function dropExpiredSessions(state: OPState, now: number): void {
  dropExpired(state.sessions, (session) => session.expires_at, now)
  forgetLostAgentSession(state)
}

function forgetLostAgentSession(state: OPState): void {
  if (state.agent_session && !Object.hasOwn(state.sessions, state.agent_session)) state.agent_session = null
}
