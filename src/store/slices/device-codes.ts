/**
 * Device authorizations (RFC 8628), keyed by the SHA-256 of the `device_code`: the high-entropy
 * code the device polls with, and the short `user_code` a person types on another device.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
import { ownGet } from '../own.js'
import type { DeviceCodeRecord, OPState } from '../state.js'
import { mutate } from '../store.js'
import type { SliceDeps } from './deps.js'
import { dropExpiredPending, pendingAuthorizations, type PendingAuthorizationsActions } from './pending-authorizations.js'

/**
 * The user code alphabet: consonants only (no vowels, so no words; no easily confused letters),
 * case-insensitive. Eight of them carry about 34 bits.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-6.1
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'
const USER_CODE_LENGTH = 8

/** What a new device authorization needs. */
export interface NewDeviceCode {
  client_id: string
  scope: string[]
  expires_in: number
  interval: number
}

/** Actions and queries on `state.device_codes`. */
export interface DeviceCodesSlice extends PendingAuthorizationsActions<DeviceCodeRecord> {
  /** Starts a device authorization; returns its codes (the user code as shown: `XXXX-XXXX`). */
  issue(input: NewDeviceCode): { device_code: string; user_code: string }
  /** The live, undecided authorization a typed user code names (case and dashes do not matter). */
  findByUserCode(typed: string): { key: string; record: DeviceCodeRecord } | undefined
  /** Remembers the verification page's login session, between its login and consent steps. */
  identify(key: string, sid: string): void
}

/** Upper case, the alphabet's characters only: `bcdf-ghjk` and `BCDFGHJK` are the same code. */
export function normalizeUserCode(typed: string): string {
  return [...typed.toUpperCase()].filter((c) => USER_CODE_ALPHABET.includes(c)).join('')
}

/** The user code as shown to people: `BCDF-GHJK`. */
export function displayUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

function randomUserCode(): string {
  // 256 is not a multiple of 20: draw again above the largest multiple, so every letter is as likely.
  const out: string[] = []
  while (out.length < USER_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(USER_CODE_LENGTH))) {
      if (byte < 240 && out.length < USER_CODE_LENGTH) out.push(USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length]!)
    }
  }
  return out.join('')
}

/** The device codes slice. */
export function deviceCodesSlice(deps: SliceDeps): DeviceCodesSlice {
  const { store, clock, random } = deps
  const pending = pendingAuthorizations(deps, (state) => state.device_codes)
  const live = (record: DeviceCodeRecord) => record.status === 'pending' && record.expires_at > clock.now()
  return {
    ...pending,
    issue({ client_id, scope, expires_in, interval }) {
      const taken = new Set(Object.values(store.getState().device_codes).map((record) => record.user_code))
      let userCode = randomUserCode()
      while (taken.has(userCode)) userCode = randomUserCode()
      const deviceCode = random.token()
      pending.add(deviceCode, { client_id, scope, user_code: userCode, status: 'pending', interval, expires_at: clock.now() + expires_in })
      return { device_code: deviceCode, user_code: displayUserCode(userCode) }
    },
    findByUserCode(typed) {
      const wanted = normalizeUserCode(typed)
      if (wanted.length !== USER_CODE_LENGTH) return undefined
      const entry = Object.entries(store.getState().device_codes).find(([, record]) => record.user_code === wanted && live(record))
      return entry ? { key: entry[0], record: entry[1] } : undefined
    },
    identify(key, sid) {
      mutate(store, (state) => {
        const record = ownGet(state.device_codes, key)
        if (record) record.sid = sid
      })
    },
  }
}

/** Drops long-expired device codes (for the sweep). */
export function dropExpiredDeviceCodes(state: OPState, now: number): void {
  dropExpiredPending(state.device_codes, now)
}
