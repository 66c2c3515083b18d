/**
 * The OP's one clock. Every `iat`, `exp` and expiry check reads it, so that tests can move time:
 * `op.serverGet('endpoint_context').clock.advance(3600)` expires an access token at once.
 */
export class Clock {
  #source: () => number
  #offset = 0

  constructor(source: () => number = Date.now) {
    this.#source = source
  }

  /** Milliseconds since the epoch. */
  nowMs(): number {
    return this.#source() + this.#offset
  }

  /** Whole seconds since the epoch: the unit of JWT `iat`/`exp` and of every expiry in the state. */
  now(): number {
    return Math.floor(this.nowMs() / 1000)
  }

  date(): Date {
    return new Date(this.nowMs())
  }

  /** Moves time forward (or back, with a negative number) by `seconds`. */
  advance(seconds: number): void {
    this.#offset += seconds * 1000
  }

  /** Undoes every {@link advance}. */
  reset(): void {
    this.#offset = 0
  }
}
