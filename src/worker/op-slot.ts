/**
 * Where the worker keeps the OP it runs, and the order of the two things that touch it: answers
 * and replacements (a new configuration). A replacement waits for the answers in progress, so
 * that their changes carry over into the new OP; answers that arrive meanwhile wait for it, so
 * that none runs against an OP that is being dropped. Knows nothing of OPs: unit-testable.
 */

/** Something that holds subscriptions to drop when it is replaced. */
export interface Stoppable {
  stop(): void
}

/** How a replacement makes the next occupant from the current one. */
export type Build<T> = (current: T | undefined) => T | undefined

/** One occupant at a time, replaced between answers. */
export class OpSlot<T extends Stoppable> {
  #occupant: T | undefined
  /** Answers in progress: a replacement waits for them. */
  readonly #answering = new Set<Promise<unknown>>()
  /** The replacement being applied: answers and later replacements wait for it. */
  #replacing: Promise<void> | undefined

  /** The occupant now (undefined: none yet), without waiting for a replacement under way. */
  get occupant(): T | undefined {
    return this.#occupant
  }

  /** Puts `next` in at once, stopping the one before: for when nothing can be answering (start-up, a refusal). */
  install(next: T | undefined): void {
    this.#occupant?.stop()
    this.#occupant = next
  }

  /**
   * Runs `work` with the occupant once no replacement is under way; replacements wait until it is done.
   * @returns what `work` gives
   */
  async answer<R>(work: (occupant: T | undefined) => Promise<R>): Promise<R> {
    // Inline, not in a helper: with no replacement under way the answer counts at once.
    while (this.#replacing) await this.#replacing.catch(() => undefined)
    const answer = work(this.#occupant)
    this.#answering.add(answer)
    const done = () => void this.#answering.delete(answer)
    answer.then(done, done)
    return answer
  }

  /** Resolves once the answers in progress now have settled. */
  async idle(): Promise<void> {
    await Promise.allSettled(this.#answering)
  }

  /**
   * Replaces the occupant, one replacement at a time. `plan` sees the occupant left by earlier
   * replacements and returns how to build the next, or undefined to keep it. The build runs once
   * the answers in progress are done, then `after` (saving, say) before answers resume.
   * @returns whether the occupant was replaced
   */
  async replace(plan: (current: T | undefined) => Build<T> | undefined, after?: () => Promise<void>): Promise<boolean> {
    while (this.#replacing) await this.#replacing.catch(() => undefined)
    // Decided in the same turn as the wait ends, so that no other replacement starts in between.
    const build = plan(this.#occupant)
    if (!build) return false
    const swap = (async () => {
      await this.idle()
      this.install(build(this.#occupant))
      await after?.()
    })()
    this.#replacing = swap
    try {
      await swap
    } finally {
      if (this.#replacing === swap) this.#replacing = undefined
    }
    return true
  }
}
