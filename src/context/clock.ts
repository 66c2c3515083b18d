/**
 * The OP's one clock. Every `iat`, `exp` and expiry check reads it, so that tests can move time:
 * `op.clock.advance(3600)` expires an access token at once. Where the clock stands is an offset from
 * the real time, kept where the OP's state is (so that a saved and restored OP, or a restarted
 * worker, does not revive what had expired): time keeps running from where it was set.
 */

/** Where the clock keeps its offset from the real time, in ms (the state's `clock_offset_ms`). */
export interface ClockOffset {
  get(): number
  set(ms: number): void
}

/** An offset kept in the clock itself, for a clock without a state. */
function ownOffset(): ClockOffset {
  let offset = 0
  return { get: () => offset, set: (ms) => void (offset = ms) }
}

/**
 * The OP's clock: `op.clock.advance(seconds)`, `op.clock.set(ms | Date)`, `op.clock.reset()`; `now()`
 * in seconds for `iat`/`exp`, `nowMs()` for the event log.
 */
export class Clock {
  #source: () => number
  #offset: ClockOffset

  /**
   * @param source the real time, in ms since the epoch (`Date.now` unless configured)
   * @param offset where the offset lives: the OP's state, or the clock itself
   */
  constructor(source: () => number = Date.now, offset: ClockOffset = ownOffset()) {
    this.#source = source
    this.#offset = offset
  }

  /** Milliseconds since the epoch. */
  nowMs(): number {
    return this.#source() + this.#offset.get()
  }

  /** Whole seconds since the epoch: the unit of JWT `iat`/`exp` and of every expiry in the state. */
  now(): number {
    return Math.floor(this.nowMs() / 1000)
  }

  /** The time now, as a `Date`. */
  date(): Date {
    return new Date(this.nowMs())
  }

  /** Moves time forward (or back, with a negative number) by `seconds`. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new TypeError(`clock.advance: seconds must be a finite number, not ${String(seconds)}`)
    this.#offset.set(this.#offset.get() + seconds * 1000)
  }

  /** Sets the time (ms since the epoch, or a `Date`); it runs on from there. */
  set(time: number | Date): void {
    const ms = time instanceof Date ? time.getTime() : time
    if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`clock.set: expected ms since the epoch or a Date, not ${String(time)}`)
    this.#offset.set(ms - this.#source())
  }

  /** Back to the real time: undoes every {@link advance} and {@link set}. */
  reset(): void {
    this.#offset.set(0)
  }
}
