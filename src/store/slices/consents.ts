/** The scopes each user consented to, per client: `consents[sub][client_id]`. */
import { ownDelete, ownGet, ownSet } from '../own.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.consents`. */
export interface ConsentsSlice {
  /** Whether `sub` consented to every scope of `scope` for `clientId`. */
  has(sub: string, clientId: string, scope: readonly string[]): boolean
  /** Adds `scope` to what `sub` consented to for `clientId`. */
  record(sub: string, clientId: string, scope: readonly string[]): void
  /** Forgets every consent of a user. */
  forget(sub: string): void
}

/** The consents slice. */
export function consentsSlice({ store }: Pick<SliceDeps, 'store'>): ConsentsSlice {
  return {
    has(sub, clientId, scope) {
      const forUser = ownGet(store.getState().consents, sub)
      const granted = forUser && ownGet(forUser, clientId)
      return !!granted && scope.every((s) => granted.includes(s))
    },
    record(sub, clientId, scope) {
      mutate(store, (state) => {
        let forUser = ownGet(state.consents, sub)
        if (!forUser) ownSet(state.consents, sub, (forUser = {}))
        ownSet(forUser, clientId, [...new Set([...(ownGet(forUser, clientId) ?? []), ...scope])])
      })
    },
    forget(sub) {
      mutate(store, (state) => ownDelete(state.consents, sub))
    },
  }
}
