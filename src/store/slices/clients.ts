/** Registered clients, by `client_id`. */
import type { ClientMetadata } from '../client-metadata.js'
import { ownDelete, ownGet, ownSet } from '../own.js'
import type { ClientRecord } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'

/** Actions and queries on `state.clients`. */
export interface ClientsSlice {
  /** A client by `client_id`. */
  get(clientId: string): ClientRecord | undefined
  /** Every client. */
  list(): ClientRecord[]
  /** Adds (or replaces) a client whose metadata was validated. */
  put(metadata: ClientMetadata & { client_id: string }, extra?: Partial<ClientRecord>): ClientRecord
  /** Deletes a client (see `StateActions.removeClient` for what goes with it). */
  remove(clientId: string): void
}

/** The clients slice. */
export function clientsSlice({ store, clock }: Pick<SliceDeps, 'store' | 'clock'>): ClientsSlice {
  return {
    get: (clientId) => ownGet(store.getState().clients, clientId),
    list: () => Object.values(store.getState().clients),
    put(metadata, extra = {}) {
      const record: ClientRecord = { ...metadata, client_id_issued_at: clock.now(), ...extra }
      mutate(store, (state) => ownSet(state.clients, record.client_id, record))
      return record
    },
    remove(clientId) {
      mutate(store, (state) => ownDelete(state.clients, clientId))
    },
  }
}
