/**
 * The worker's log of the requests its OP answered: the latest ones, numbered in order across
 * worker restarts, so that a page's timeline also shows what happened while no page listened
 * (a redirect login unloads the app).
 */
import type { RequestMessage } from '../protocol/messages.js'
import type { OPEvent } from '../server/server.js'

/** The latest {@link RequestMessage}s of one worker run, and the numbering that goes on across runs. */
export class EventLog {
  readonly #limit: number
  readonly #issuer: string
  readonly #bootId: string
  #events: RequestMessage[] = []
  #seq = 0

  /** @param limit how many messages to keep (0 keeps none, but still numbers them) */
  constructor(limit: number, issuer: string, bootId: string) {
    this.#limit = limit
    this.#issuer = issuer
    this.#bootId = bootId
  }

  /** The messages kept, oldest first. */
  get events(): RequestMessage[] {
    return this.#events
  }

  /** The last number given. */
  get seq(): number {
    return this.#seq
  }

  /** Whether the log keeps messages (and so has something to save after each request). */
  get keeps(): boolean {
    return this.#limit > 0
  }

  /** Continues a saved log: its latest messages, and its numbering. */
  restore(saved: { events?: RequestMessage[] | undefined; seq?: number | undefined }): void {
    this.#events = this.keeps ? (saved.events ?? []).slice(-this.#limit) : []
    this.#seq = saved.seq ?? this.#events.at(-1)?.seq ?? 0
  }

  /** Numbers an event and keeps it (dropping the oldest beyond the limit); returns its message. */
  record(event: OPEvent): RequestMessage {
    const message: RequestMessage = { type: 'request', issuer: this.#issuer, bootId: this.#bootId, seq: ++this.#seq, event }
    if (this.keeps) {
      this.#events.push(message)
      if (this.#events.length > this.#limit) this.#events.shift()
    }
    return message
  }

  /** Forgets the messages kept (the numbering goes on). */
  clear(): void {
    this.#events = []
  }
}
