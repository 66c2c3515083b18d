/**
 * The page's one store (zustand vanilla): a mirror of the OP's state in the worker, the timeline of
 * the requests it answered, and what the relying party holds. The views render from it; the
 * worker's broadcasts and the RP's actions write to it.
 */
import type { User } from 'oidc-client-ts'
import { createStore } from 'zustand/vanilla'
import type { OPState, WorkerInfo } from 'msw-oidc-provider/browser'
import { mergeEntries, type TimelineEntry } from './flows.js'
import type { DecodedToken } from './tokens.js'

export interface UserInfoResult {
  status: number
  body: string
  /** The `WWW-Authenticate` header of a refusal. */
  challenge?: string
}

export interface RpState {
  user: User | null
  idToken?: DecodedToken
  accessToken?: DecodedToken
  /** The key the OP stores the refresh token under (base64url SHA-256), to point at it in the inspector. */
  refreshTokenKey?: string
  userinfo?: UserInfoResult
  /** The action running now, shown on its button. */
  busy?: string
  /** What went wrong last. */
  error?: string
}

export interface DemoState {
  worker: WorkerInfo | null
  /** The OP's state, as the worker last reported it. */
  op: OPState | null
  timeline: TimelineEntry[]
  rp: RpState
}

export const store = createStore<DemoState>()(() => ({
  worker: null,
  op: null,
  timeline: [],
  rp: { user: null },
}))

export const setOpState = (op: OPState): void => store.setState({ op })

export const setWorker = (worker: WorkerInfo): void => store.setState({ worker })

export const addTimeline = (entries: readonly TimelineEntry[]): void =>
  store.setState((state) => ({ timeline: mergeEntries(state.timeline, entries) }))

export const clearTimeline = (): void => store.setState({ timeline: [] })

export const setRp = (rp: Partial<RpState>): void => store.setState((state) => ({ rp: { ...state.rp, ...rp } }))

/**
 * Calls `listener` when `select(state)` changes, and once now. Changes are by identity; with
 * `equal = shallow`, a selector may return the parts it needs (`(s) => [s.a, s.b]`) and the listener
 * runs when one of them changed.
 */
export function watch<T>(
  select: (state: DemoState) => T,
  listener: (value: T, state: DemoState) => void,
  equal: (a: T, b: T) => boolean = Object.is,
): () => void {
  let current = select(store.getState())
  listener(current, store.getState())
  return store.subscribe((state) => {
    const next = select(state)
    if (equal(next, current)) return
    current = next
    listener(next, state)
  })
}
