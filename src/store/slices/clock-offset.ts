/**
 * The clock's offset from the real time, `state.clock_offset_ms`: part of the state so that a
 * saved OP (the worker's, a `dump()`) comes back at the time it was moved to. Absent when zero, so
 * that an OP whose clock was never moved dumps as before.
 */
import { mutate, type OPStore } from '../store.js'

/** The offset of the OP's clock, read from and written to `store`. */
export function clockOffsetSlice(store: OPStore): { get(): number; set(ms: number): void } {
  return {
    get: () => store.getState().clock_offset_ms ?? 0,
    set(ms) {
      mutate(store, (state) => {
        if (ms === 0) delete state.clock_offset_ms
        else state.clock_offset_ms = ms
      })
    },
  }
}
