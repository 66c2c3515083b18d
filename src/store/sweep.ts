/** The collection of expired records, for every slice, in one write. */
import { dropExpiredCodes } from './slices/codes.js'
import { dropExpiredDPoPNonces } from './slices/dpop-nonces.js'
import { dropExpiredGrants } from './slices/grants.js'
import { dropExpiredInteractions } from './slices/interactions.js'
import { dropExpiredPushedRequests } from './slices/pushed-requests.js'
import { dropExpiredReplays } from './slices/replay.js'
import { dropExpiredSessions } from './slices/sessions.js'
import { dropExpiredTokens } from './slices/tokens.js'
import { dropExpiredDeviceCodes } from './slices/device-codes.js'
import { dropExpiredBackchannelRequests } from './slices/backchannel-requests.js'
import { mutate, type OPStore } from './store.js'
import type { SessionEnds } from './session-ends.js'

/** How often (in seconds of the OP's clock) expired records are collected. */
export const SWEEP_INTERVAL = 60

/** Sweeps now, or now and then. */
export interface Sweeper {
  /**
   * Drops what has expired. Codes stay until their expiry even when redeemed (to detect reuse);
   * grants stay while anything minted from them lives.
   */
  sweep(): void
  /** Sweeps when the last sweep is {@link SWEEP_INTERVAL} seconds old: called after writes that add records. */
  maybeSweep(): void
}

/** The sweeper of one store. */
export function createSweeper(store: OPStore, clock: { now(): number }, ends?: Pick<SessionEnds, 'notify'>): Sweeper {
  let nextSweep = 0
  const sweep = (): void => {
    const now = clock.now()
    const expired = Object.values(store.getState().sessions).filter((session) => session.expires_at <= now)
    mutate(store, (state) => {
      dropExpiredCodes(state, now)
      dropExpiredTokens(state, now)
      dropExpiredGrants(state, now)
      dropExpiredSessions(state, now)
      dropExpiredInteractions(state, now)
      dropExpiredPushedRequests(state, now)
      dropExpiredReplays(state, now)
      dropExpiredDPoPNonces(state, now)
      dropExpiredDeviceCodes(state, now)
      dropExpiredBackchannelRequests(state, now)
    })
    if (expired.length) ends?.notify(expired, 'expired')
  }
  return {
    sweep,
    maybeSweep() {
      const now = clock.now()
      if (now < nextSweep) return
      nextSweep = now + SWEEP_INTERVAL
      sweep()
    },
  }
}
