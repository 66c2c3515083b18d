/** End-users and their claims, in configuration order ("the first user" is `users[0]`). */
import type { User } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.users`. */
export interface UsersSlice {
  /** Every user, in order. */
  list(): User[]
  /** A user by `sub`. */
  get(sub: string): User | undefined
  /** The user a `login_hint` names: by `sub`, else by `email`, else by `preferred_username`. */
  findByHint(hint: string): User | undefined
  /** Adds a validated user, or replaces the claims of the user with the same `sub` (keeping its place). */
  put(user: User): User
  /** Deletes a user (see `StateActions.removeUser` for what goes with it). */
  remove(sub: string): void
  /** Replaces every user (the configured ones, on reset). */
  replaceAll(users: User[]): void
}

/** The users slice. */
export function usersSlice({ store }: Pick<SliceDeps, 'store'>): UsersSlice {
  const list = (): User[] => store.getState().users
  return {
    list,
    get: (sub) => list().find((user) => user.sub === sub),
    findByHint(hint) {
      const users = list()
      return (
        users.find((u) => u.sub === hint) ??
        users.find((u) => typeof u.email === 'string' && u.email.toLowerCase() === hint.toLowerCase()) ??
        users.find((u) => u.preferred_username === hint)
      )
    },
    put(user) {
      mutate(store, (state) => {
        const at = state.users.findIndex((u) => u.sub === user.sub)
        if (at === -1) state.users.push(user)
        else state.users[at] = user
      })
      return user
    },
    remove(sub) {
      mutate(store, (state) => {
        state.users = state.users.filter((u) => u.sub !== sub)
      })
    },
    replaceAll(users) {
      mutate(store, (state) => {
        state.users = users
      })
    },
  }
}
