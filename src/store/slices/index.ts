/**
 * All slices of the OP's state, built over one store: each owns its piece of state with named
 * actions and queries (after zustand's slices pattern), and the cross-slice rules sit on top.
 */
import { createStateActions, type StateActions } from '../actions.js'
import { scopeInterner } from '../compact.js'
import { createSweeper } from '../sweep.js'
import { createSessionEnds, type SessionEnds } from '../session-ends.js'
import { clientsSlice, type ClientsSlice } from './clients.js'
import { codesSlice, type CodesSlice } from './codes.js'
import { consentsSlice, type ConsentsSlice } from './consents.js'
import type { SliceDeps } from './deps.js'
import { dpopNoncesSlice, type DPoPNoncesSlice } from './dpop-nonces.js'
import { grantsSlice, type GrantsSlice } from './grants.js'
import { interactionsSlice, type InteractionsSlice } from './interactions.js'
import { keysSlice, type KeysSlice } from './keys.js'
import { pushedRequestsSlice, type PushedRequestsSlice } from './pushed-requests.js'
import { replaySlice, type ReplaySlice } from './replay.js'
import { sessionsSlice, type SessionsSlice } from './sessions.js'
import { tokensSlice, type TokensSlice } from './tokens.js'
import { usersSlice, type UsersSlice } from './users.js'
import { deviceCodesSlice, type DeviceCodesSlice } from './device-codes.js'
import { backchannelRequestsSlice, type BackchannelRequestsSlice } from './backchannel-requests.js'

/** One object per piece of state. */
export interface StateSlices {
  sessions: SessionsSlice
  consents: ConsentsSlice
  interactions: InteractionsSlice
  grants: GrantsSlice
  codes: CodesSlice
  tokens: TokensSlice
  pushedRequests: PushedRequestsSlice
  replay: ReplaySlice
  dpopNonces: DPoPNoncesSlice
  clients: ClientsSlice
  users: UsersSlice
  keys: KeysSlice
  deviceCodes: DeviceCodesSlice
  backchannelRequests: BackchannelRequestsSlice
}

/** The slices and the actions that cross them. */
export interface OPStateApi extends StateSlices {
  actions: StateActions
  /** Sessions that end (logout, user removed, expired), for the logout add-ons to tell the RPs. */
  sessionEnds: SessionEnds
}

/** Builds every slice over `deps.store`, with the expiry sweep run now and then as records are added. */
export function createStateApi(deps: Omit<SliceDeps, 'grew' | 'scopes'>): OPStateApi {
  const sessionEnds = createSessionEnds()
  const sweeper = createSweeper(deps.store, deps.clock, sessionEnds)
  const full: SliceDeps = { ...deps, grew: () => sweeper.maybeSweep(), scopes: scopeInterner() }
  const slices: StateSlices = {
    sessions: sessionsSlice(full),
    consents: consentsSlice(full),
    interactions: interactionsSlice(full),
    grants: grantsSlice(full),
    codes: codesSlice(full),
    tokens: tokensSlice(full),
    pushedRequests: pushedRequestsSlice(full),
    replay: replaySlice(full),
    dpopNonces: dpopNoncesSlice(full),
    clients: clientsSlice(full),
    users: usersSlice(full),
    keys: keysSlice(full),
    deviceCodes: deviceCodesSlice(full),
    backchannelRequests: backchannelRequestsSlice(full),
  }
  return { ...slices, actions: createStateActions(slices, sweeper, sessionEnds), sessionEnds }
}

export type { ClientsSlice, CodesSlice, ConsentsSlice, DPoPNoncesSlice, GrantsSlice, InteractionsSlice, KeysSlice }
export type { PushedRequestsSlice, ReplaySlice, SessionsSlice, SliceDeps, StateActions, TokensSlice, UsersSlice }
export type { BackchannelRequestsSlice, DeviceCodesSlice }
