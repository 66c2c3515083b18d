/**
 * Saving the worker's OP to IndexedDB, so that a worker the browser stopped (idle for ~30 s, or
 * updated) comes back with every client, user, session, code, token and key, and serves at once
 * without a page telling it its configuration again.
 *
 * Per issuer, IndexedDB holds the OP (`{ issuer, version, configuration, state, faults, savedAt }`),
 * written only when the state or the armed faults changed, and the request log in a record of its own (`{ issuer: '<issuer>
 * events', events, seq }`), written after every request: a request that changed nothing but the
 * log does not copy the whole state again. Writes are serial; `save()` resolves once what was
 * current when it was called is on disk.
 */
import type { OPState } from '../store/state.js'
import { VERSION } from '../version.js'
import type { RequestMessage, WorkerConfiguration } from '../protocol/messages.js'
import type { ArmedFault } from '../add-ons/faults/armed.js'

const DB_NAME = 'msw-oidc-provider'
const DB_VERSION = 1
const STORE = 'ops'

/** What the worker keeps per issuer. */
export interface SavedOP {
  issuer: string
  /** The package version that wrote the record. */
  version: string
  configuration: WorkerConfiguration
  state: OPState
  /** The latest requests the OP answered, and the last `seq` given. */
  events?: RequestMessage[]
  seq?: number
  /**
   * The faults armed by `failNext`, with the requests each still fails (`Infinity` survives:
   * IndexedDB clones, it does not write JSON). No part of the state; a record without it has none.
   */
  faults?: ArmedFault[]
  /** ms since the epoch. */
  savedAt: number
}

/**
 * Where saved OPs live. The worker uses {@link IndexedDbStorage}; tests may use another.
 * `write` gets the OP's live state, not a copy: keep a copy of what you keep (IndexedDB's `put`
 * makes one as it is called).
 */
export interface OPStorage {
  read(issuer: string): Promise<SavedOP | undefined>
  write(record: SavedOP): Promise<void>
  remove(issuer: string): Promise<void>
  /**
   * Writes the request log alone, when only it changed. Optional: without it, `write` gets the
   * whole record each time.
   */
  writeEvents?(issuer: string, log: SavedLog): Promise<void>
}

/** The request log as saved on its own. */
export interface SavedLog {
  events: RequestMessage[]
  seq: number
}

/** The key of an issuer's log record (a space cannot occur in an issuer URL). */
const logKey = (issuer: string): string => `${issuer} events`

/** Saves the OP's state (and, in a record of its own, the request log) in IndexedDB, one record per issuer. */
export class IndexedDbStorage implements OPStorage {
  #db: Promise<IDBDatabase> | undefined

  async read(issuer: string): Promise<SavedOP | undefined> {
    let logRequest: IDBRequest<SavedLog | undefined> | undefined
    const saved = (await this.#run('readonly', (store) => {
      logRequest = store.get(logKey(issuer)) as IDBRequest<SavedLog | undefined>
      return store.get(issuer)
    })) as SavedOP | undefined
    const log = logRequest?.result
    // A record of an older version holds its log inside: the log record, when there is one, is newer.
    return saved && log ? { ...saved, events: log.events, seq: log.seq } : saved
  }

  async write(record: SavedOP): Promise<void> {
    const { events, seq, ...op } = record
    // One transaction for both records: one round trip to the browser's IndexedDB, not two in turn.
    await this.#run('readwrite', (store) => {
      const put = store.put(op)
      if (events) store.put({ issuer: logKey(record.issuer), events, seq: seq ?? events.at(-1)?.seq ?? 0 })
      return put
    })
  }

  async writeEvents(issuer: string, log: SavedLog): Promise<void> {
    await this.#run('readwrite', (store) => store.put({ issuer: logKey(issuer), ...log }))
  }

  async remove(issuer: string): Promise<void> {
    await this.#run('readwrite', (store) => {
      store.delete(logKey(issuer))
      return store.delete(issuer)
    })
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION)
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'issuer' })
      }
      request.onsuccess = () => {
        const db = request.result
        // Another version of the worker upgrading the database: step aside, reopen on next use.
        db.onversionchange = () => {
          db.close()
          this.#db = undefined
        }
        resolve(db)
      }
      request.onerror = () => reject(request.error)
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another open connection'))
    })
    this.#db.catch(() => (this.#db = undefined))
    return this.#db
  }

  async #run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open()
    return new Promise<T>((resolve, reject) => {
      // 'relaxed': done once the browser has the data, which survives the worker being stopped.
      const tx = db.transaction(STORE, mode, { durability: 'relaxed' })
      const request = action(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request.result)
      tx.onerror = () => reject(tx.error ?? request.error)
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
  }
}

/** What to save now; undefined when there is nothing to save. */
export type SnapshotSource = () => Omit<SavedOP, 'version' | 'savedAt'> | undefined

/**
 * Saves an OP whenever it changed: `markDirty()` on every change, `save()` before answering a
 * request (so that a worker stopped right after keeps what the answer promised).
 */
export class Saver {
  readonly #storage: OPStorage
  readonly #read: SnapshotSource
  readonly #saved: (state: OPState) => void
  #dirty = false
  /** Whether the OP's state changed since the last write (the request log may change alone). */
  #stateChanged = false
  #queue: Promise<void> = Promise.resolve()

  /**
   * @param read what to save now (undefined: nothing to save)
   * @param saved told the state after each write that carried a change of it (not of the log
   *   alone), e.g. to announce it to pages
   */
  constructor(storage: OPStorage, read: SnapshotSource, saved: (state: OPState) => void) {
    this.#storage = storage
    this.#read = read
    this.#saved = saved
  }

  /** Something to save changed: the OP's state, or (with `stateChanged` false) only the request log. */
  markDirty(stateChanged = true): void {
    this.#dirty = true
    if (stateChanged) this.#stateChanged = true
  }

  /** Whether a change of the state (or of the armed faults) waits to be written. */
  get unsaved(): boolean {
    return this.#stateChanged
  }

  /** Writes the current state if it changed since the last write; resolves once it is written. */
  save(): Promise<void> {
    const run = this.#queue.then(async () => {
      if (!this.#dirty) return
      const current = this.#read()
      if (!current) return
      const stateChanged = this.#stateChanged
      this.#dirty = this.#stateChanged = false
      try {
        if (!stateChanged && this.#storage.writeEvents && current.events) {
          await this.#storage.writeEvents(current.issuer, { events: current.events, seq: current.seq ?? 0 })
        } else {
          await this.#storage.write({ ...current, version: VERSION, savedAt: Date.now() })
        }
      } catch (error) {
        this.markDirty(stateChanged)
        throw error
      }
      if (stateChanged) this.#saved(current.state)
    })
    this.#queue = run.catch((error: unknown) => console.error('[msw-oidc-provider] could not save the OP to IndexedDB', error))
    return this.#queue
  }
}
