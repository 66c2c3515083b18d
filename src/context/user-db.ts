/** Users and their claims, read and written through the store. */
import { validateUser } from '../config/validate.js'
import type { User } from '../store/state.js'
import { mutate, type OPStore } from '../store/store.js'

export class UserDatabase {
  readonly #store: OPStore

  constructor(store: OPStore) {
    this.#store = store
  }

  list(): User[] {
    return this.#store.getState().users
  }

  get(sub: string): User | undefined {
    return this.list().find((user) => user.sub === sub)
  }

  /** The user a `login_hint` names: by `sub`, else by `email`, else by `preferred_username`. */
  findByHint(hint: string): User | undefined {
    const users = this.list()
    return (
      users.find((u) => u.sub === hint) ??
      users.find((u) => typeof u.email === 'string' && u.email.toLowerCase() === hint.toLowerCase()) ??
      users.find((u) => u.preferred_username === hint)
    )
  }

  /** Adds a user, or replaces the claims of the user with the same `sub` (keeping its place). */
  put(input: User): User {
    const user = validateUser(input, 'user')
    mutate(this.#store, (state) => {
      const at = state.users.findIndex((u) => u.sub === user.sub)
      if (at === -1) state.users.push(user)
      else state.users[at] = user
    })
    return user
  }

  remove(sub: string): boolean {
    if (!this.get(sub)) return false
    mutate(this.#store, (state) => {
      state.users = state.users.filter((u) => u.sub !== sub)
      for (const session of Object.values(state.sessions)) if (session.sub === sub) delete state.sessions[session.sid]
      if (state.agent_session && !state.sessions[state.agent_session]) state.agent_session = null
      for (const grant of Object.values(state.grants)) if (grant.sub === sub) grant.revoked = true
      delete state.consents[sub]
    })
    return true
  }
}
