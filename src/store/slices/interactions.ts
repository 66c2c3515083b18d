/** Pending login and consent pages. */
import { countRecords, ensureRoom } from '../caps.js'
import { dropExpired, ownDelete, ownGet, ownSet } from '../own.js'
import type { Interaction, OPState, ValidatedAuthorizationRequest } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.interactions`. */
export interface InteractionsSlice {
  /** Starts a page for `request`; `sid` is the user agent's session at that moment. */
  start(kind: Interaction['kind'], request: ValidatedAuthorizationRequest, sid?: string): Interaction
  /** A live interaction by `uid`. */
  get(uid: string): Interaction | undefined
  /** Ends an interaction (its page was answered). */
  end(uid: string): void
}

/** The interactions slice. */
export function interactionsSlice({ store, clock, settings, random }: SliceDeps): InteractionsSlice {
  return {
    start(kind, request, sid) {
      const interaction: Interaction = {
        uid: random.token(),
        kind,
        request,
        ...(sid ? { sid } : {}),
        expires_at: clock.now() + settings.ttl.Interaction,
      }
      ensureRoom(countRecords(store.getState().interactions, store.getState().revision), settings.limits.interactions, 'pending login and consent pages', 'interactions')
      mutate(store, (state) => ownSet(state.interactions, interaction.uid, interaction))
      return interaction
    },
    get(uid) {
      const found = ownGet(store.getState().interactions, uid)
      return found && found.expires_at > clock.now() ? found : undefined
    },
    end(uid) {
      mutate(store, (state) => ownDelete(state.interactions, uid))
    },
  }
}

/** Drops expired interactions (for the sweep). */
export function dropExpiredInteractions(state: OPState, now: number): void {
  dropExpired(state.interactions, (interaction) => interaction.expires_at, now)
}
