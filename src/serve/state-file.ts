/**
 * `serve --state file.json`: the OP's state loaded from a file at start, and written back after
 * each change (debounced) and at exit, atomically (a temporary file renamed over the old one), so
 * a restarted server keeps its keys, clients, sessions and tokens and a crash never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { Server } from '../server/server.js'
import type { OPState } from '../store/state.js'

/** How long after a change the state is written (changes in that time are written together). */
export const SAVE_DELAY_MS = 200

/** A state file that cannot be read as a dump. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError'
}

/** Writes `state` to `file` atomically. */
export function writeStateFile(file: string, state: OPState): void {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(state))
  renameSync(temporary, file)
}

/** Loads `file` into `op` when it exists; returns whether it did. Throws a {@link StateFileError}. */
export function loadStateFile(op: Server, file: string): boolean {
  if (!existsSync(file)) return false
  try {
    op.load(JSON.parse(readFileSync(file, 'utf8')) as OPState)
  } catch (error) {
    throw new StateFileError(`${file}: not a state this OP can load (${error instanceof Error ? error.message : String(error)})`)
  }
  return true
}

/** Saves `op`'s state to `file` after each change; `flush()` writes at once (at exit), `stop()` ends it. */
export function persistState(op: Server, file: string): { flush(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  // Written once at start too: a new file keeps the keys generated now.
  let dirty = true
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (!dirty) return
    dirty = false
    writeStateFile(file, op.dump())
  }
  const unsubscribe = op.store.subscribe(() => {
    dirty = true
    timer ??= setTimeout(flush, SAVE_DELAY_MS)
  })
  timer = setTimeout(flush, SAVE_DELAY_MS)
  return {
    flush,
    stop() {
      unsubscribe()
      flush()
    },
  }
}
