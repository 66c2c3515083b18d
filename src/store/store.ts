/**
 * One zustand vanilla store holds every piece of mutable OP state.
 *
 * High-churn records (codes, tokens, grants) can number in the tens of thousands, so writes change
 * records in place and then bump `revision` through `setState`: copying a 50,000-entry record on
 * every write would make a run of flows quadratic. Subscribers therefore react to `revision`, not
 * to the identity of a nested record; `dump()` hands out a deep copy.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import { initialState, type OPState } from './state.js'
import { validateSnapshot } from './validate-snapshot.js'

/** The store's state: the OP's state and a revision counter. */
export interface StoreState extends OPState {
  /** Increases on every write. */
  revision: number
}

/** The zustand vanilla store that holds all of the OP's state. */
export type OPStore = StoreApi<StoreState>

/** A new store with the initial, empty state. */
export function createOPStore(): OPStore {
  const store = createStore<StoreState>()(() => ({ ...initialState(), revision: 0 }))
  // zustand keeps its first state for getInitialState(): records written into it in place would
  // stay reachable after reset() or load() replaced it. The live state is a second, equal one.
  store.setState({ ...initialState(), revision: 0 }, true)
  return store
}

/** Applies `change` to the live state and notifies subscribers once. */
export function mutate<T>(store: OPStore, change: (state: OPState) => T): T {
  const state = store.getState()
  const result = change(state)
  store.setState({ revision: state.revision + 1 })
  return result
}

/** A deep copy of the state, without the store's bookkeeping. */
export function snapshot(store: OPStore): OPState {
  const { revision: _revision, ...state } = store.getState()
  return structuredClone(state)
}

/** Replaces the whole state with a snapshot made by {@link snapshot}, once it is known to be one. */
export function restore(store: OPStore, data: OPState): void {
  const fresh = { ...initialState(), ...structuredClone(validateSnapshot(data)) }
  store.setState({ ...fresh, revision: store.getState().revision + 1 }, true)
}
