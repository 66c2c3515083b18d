/** The client database: registered clients, read and written through the store. */
import { MetadataProblem, validateClientMetadata, type ClientMetadata, type NormalizedClientMetadata } from '../client/metadata.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import { mutate, type OPStore } from '../store/store.js'
import type { Clock } from './clock.js'

export class ClientDatabase {
  readonly #store: OPStore
  readonly #clock: Clock

  constructor(store: OPStore, clock: Clock) {
    this.#store = store
    this.#clock = clock
  }

  get(clientId: string): ClientRecord | undefined {
    const clients = this.#store.getState().clients
    return Object.hasOwn(clients, clientId) ? clients[clientId] : undefined
  }

  list(): ClientRecord[] {
    return Object.values(this.#store.getState().clients)
  }

  /** Adds (or replaces) a client whose metadata was validated. */
  put(metadata: NormalizedClientMetadata & { client_id: string }, extra: Partial<ClientRecord> = {}): ClientRecord {
    const record: ClientRecord = { ...metadata, client_id_issued_at: this.#clock.now(), ...extra }
    mutate(this.#store, (state) => {
      state.clients[record.client_id] = record
    })
    return record
  }

  /** Validates metadata given through the API, naming the field in a {@link ConfigurationError}. */
  add(metadata: ClientMetadata): ClientRecord {
    if (typeof metadata?.client_id !== 'string' || metadata.client_id === '') {
      throw new ConfigurationError('client.client_id', 'is required')
    }
    try {
      const normalized = validateClientMetadata(metadata, { secretProvided: 'required' })
      return this.put(normalized as NormalizedClientMetadata & { client_id: string })
    } catch (problem) {
      if (problem instanceof MetadataProblem) throw new ConfigurationError(`client.${problem.field}`, problem.problem)
      throw problem
    }
  }

  /** Removes a client; its grants and tokens stop working with it. */
  remove(clientId: string): boolean {
    if (!this.get(clientId)) return false
    mutate(this.#store, (state) => {
      delete state.clients[clientId]
      for (const grant of Object.values(state.grants)) if (grant.client_id === clientId) grant.revoked = true
    })
    return true
  }
}
