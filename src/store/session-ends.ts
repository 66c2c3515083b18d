/**
 * Login sessions that ended, told to whoever listens (the logout add-ons): by logout (the
 * end-session endpoint, `op.endSession`), by the user's removal, or by expiry (the sweep). A
 * session replaced by a new login of the same user agent, and state replaced by `load`/`reset`,
 * are not ends: no RP is told of them.
 */
import type { LoginSession } from './state.js'

/** Why a session ended. */
export type SessionEndCause = 'logout' | 'user_removed' | 'expired'

/** Told of each session that ended, with the session as it was. Must not throw, nor write state synchronously. */
export type SessionEndListener = (session: LoginSession, cause: SessionEndCause) => void

/** The listeners of one OP's session ends. */
export interface SessionEnds {
  /** Adds a listener; returns the function that removes it. */
  listen(listener: SessionEndListener): () => void
  /** Tells every listener of `sessions` (called by the rules that end them, after the write). */
  notify(sessions: readonly LoginSession[], cause: SessionEndCause): void
}

/** A new, empty set of listeners. */
export function createSessionEnds(): SessionEnds {
  const listeners = new Set<SessionEndListener>()
  return {
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    notify(sessions, cause) {
      for (const session of sessions) {
        for (const listener of listeners) {
          try {
            listener(session, cause)
          } catch (error) {
            console.error('[msw-oidc-provider] a session-end listener threw', error)
          }
        }
      }
    },
  }
}
