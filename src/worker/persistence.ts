/**
 * Saving the worker's OP to IndexedDB, so that a worker the browser stopped (idle for ~30 s, or
 * updated) comes back with every client, user, session, code, token and key, and serves at once
 * without a page telling it its configuration again.
 *
 * One record per issuer: `{ issuer, version, configuration, state, events, seq, savedAt }`. Writes are serial;
 * `save()` resolves once what was current when it was called is on disk.
 */
import type { OPState } from '../store/state.js'
import { VERSION } from '../version.js'
import type { RequestMessage, WorkerConfiguration } from '../protocol/messages.js'

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
}

export class IndexedDbStorage implements OPStorage {
  #db: Promise<IDBDatabase> | undefined

  read(issuer: string): Promise<SavedOP | undefined> {
    return this.#run('readonly', (store) => store.get(issuer)) as Promise<SavedOP | undefined>
  }

  async write(record: SavedOP): Promise<void> {
    await this.#run('readwrite', (store) => store.put(record))
  }

  async remove(issuer: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete(issuer))
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

  /** Writes the current state if it changed since the last write; resolves once it is written. */
  save(): Promise<void> {
    const run = this.#queue.then(async () => {
      if (!this.#dirty) return
      const current = this.#read()
      if (!current) return
      const stateChanged = this.#stateChanged
      this.#dirty = this.#stateChanged = false
      try {
        await this.#storage.write({ ...current, version: VERSION, savedAt: Date.now() })
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
