/**
 * Login sessions at the OP, and those a user agent holds: with agent binding the worker or Node is
 * the one user agent and holds every session; with cookie binding the sessions that share the
 * random value of the browser's session cookie. One user agent holds several accounts (up to
 * {@link ACCOUNTS_PER_USER_AGENT}), one session per user; the one it used last is its active one.
 */
import { timingSafeEqual } from '../../internal/hash.js'
import { countRecords, ensureRoom } from '../caps.js'
import { dropExpired, ownDelete, ownGet, ownSet } from '../own.js'
import type { LoginSession, OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/**
 * How many login sessions (accounts) one user agent holds at once: logging in to one more ends the
 * one it used least recently.
 */
export const ACCOUNTS_PER_USER_AGENT = 5

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
  /** The user agent's active session: the one of {@link SessionsSlice.ofAgent} it used last. */
  current(cookieValue: string | undefined): LoginSession | undefined
  /**
   * The user agent's live sessions, the most recently used first: with agent binding every session,
   * with cookie binding those whose cookie value its session cookie holds (none for a value the OP
   * never set, or that another OP set).
   */
  ofAgent(cookieValue: string | undefined): LoginSession[]
  /**
   * Logs `sub` in: a new session (a new `sid`), which becomes the active one of the user agent that
   * holds `previous` (a new user agent without it). It replaces that agent's session of the same
   * user, keeps its other accounts, and ends the least recently used beyond {@link ACCOUNTS_PER_USER_AGENT}.
   */
  login(sub: string, details?: LoginDetails, previous?: LoginSession): LoginSession
  /** Makes session `sid` its user agent's active one (an account was picked). */
  use(sid: string): void
  /** A new single-use CSRF token for the logout confirmation page of session `sid` (it replaces the last one). */
  issueLogoutToken(sid: string): string
  /** Spends the session's logout CSRF token, right or wrong: true when `token` was it (it works once). */
  spendLogoutToken(sid: string, token: string): boolean
  /** The id of the grant the session's last authorization of `clientId` made or reused, if any. */
  grantOf(sid: string, clientId: string): string | undefined
  /** Records `grantId` as the session's grant for `clientId` (for a silent renew to reuse); the session is the active one then. */
  rememberGrant(sid: string, clientId: string, grantId: string): void
  /** Deletes a session (the agent's active one passes to its next most recently used). */
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
  const list = (): LoginSession[] => Object.values(store.getState().sessions).filter((s) => get(s.sid))
  const ofAgent = (cookieValue: string | undefined): LoginSession[] => {
    if (settings.sessionBinding === 'cookie' && cookieValue === undefined) return []
    const held = settings.sessionBinding === 'agent' ? list() : list().filter((s) => s.cookie === cookieValue)
    return held.sort((a, b) => (b.used ?? 0) - (a.used ?? 0) || b.auth_time - a.auth_time)
  }
  const use = (sid: string): void => {
    const session = get(sid)
    const held = session ? ofAgent(session.cookie) : []
    const active = settings.sessionBinding === 'agent' ? store.getState().agent_session === sid : held[0]?.sid === sid
    if (!session || active) return
    const used = held[0]?.sid === sid ? (session.used ?? 0) : nextUse(held)
    mutate(store, (state) => {
      ownGet(state.sessions, sid)!.used = used
      if (settings.sessionBinding === 'agent') state.agent_session = sid
    })
  }
  return {
    get,
    list,
    ofAgent,
    current(cookieValue) {
      const agentSid = settings.sessionBinding === 'agent' ? store.getState().agent_session : null
      return (agentSid ? get(agentSid) : undefined) ?? ofAgent(cookieValue)[0]
    },
    login(sub, details = {}, previous) {
      const now = clock.now()
      const cookieBinding = settings.sessionBinding === 'cookie'
      // A cookie value the OP set before, never one the browser brought: no session fixation.
      const agentSessions = !cookieBinding || previous?.cookie !== undefined ? ofAgent(previous?.cookie) : []
      const replaced = agentSessions.filter((s) => s.sub === sub)
      const evicted = agentSessions.filter((s) => s.sub !== sub).slice(ACCOUNTS_PER_USER_AGENT - 1)
      const session: LoginSession = {
        sid: random.id(),
        ...(cookieBinding ? { cookie: previous?.cookie ?? random.token() } : {}),
        sub,
        auth_time: now,
        ...(details.acr ? { acr: details.acr } : {}),
        ...(details.amr ? { amr: details.amr } : {}),
        expires_at: now + settings.ttl.Session,
        used: nextUse(agentSessions),
      }
      if (replaced.length + evicted.length === 0) ensureRoom(countRecords(store.getState().sessions, store.getState().revision), settings.limits.sessions, 'login sessions', 'sessions')
      mutate(store, (state) => {
        // Re-authentication replaces the user's session; another user's stays, unless it is one too many.
        for (const gone of [...replaced, ...evicted]) ownDelete(state.sessions, gone.sid)
        ownSet(state.sessions, session.sid, session)
        if (settings.sessionBinding === 'agent') state.agent_session = session.sid
      })
      grew()
      return session
    },
    use,
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
      use(sid)
    },
    end(sid) {
      // With agent binding, the user agent's next most recently used account becomes its active one.
      const next = settings.sessionBinding === 'agent' ? (ofAgent(undefined).find((s) => s.sid !== sid)?.sid ?? null) : null
      mutate(store, (state) => {
        ownDelete(state.sessions, sid)
        if (state.agent_session === sid) state.agent_session = next
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

/** A use count above every one of `sessions`: the session that gets it is the most recently used. */
function nextUse(sessions: readonly LoginSession[]): number {
  return Math.max(0, ...sessions.map((s) => s.used ?? 0)) + 1
}

/** Drops expired sessions (for the sweep). */
export function dropExpiredSessions(state: OPState, now: number): void {
  dropExpired(state.sessions, (session) => session.expires_at, now)
  forgetLostAgentSession(state)
}

function forgetLostAgentSession(state: OPState): void {
  if (state.agent_session && !Object.hasOwn(state.sessions, state.agent_session)) state.agent_session = null
}
