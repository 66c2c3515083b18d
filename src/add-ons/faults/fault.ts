/**
 * What `op.failNext(endpoint, fault, options)` takes: a fault is plain data (it crosses
 * `postMessage` and HTTP), checked here so that a wrong one throws a `ConfigurationError` naming
 * the field instead of never firing.
 */
import { ConfigurationError } from '../../errors/oauth-error.js'

/** That endpoint's OAuth error answer, in its own style (JSON, `WWW-Authenticate`, or an error redirect). */
export interface OAuthErrorFault {
  error: string
  error_description?: string
  /** The HTTP status; the spec's for the code when absent. */
  status?: number
}

/** A raw HTTP answer (an outage: 503), with the OP's CORS headers. */
export interface RawFault {
  status: number
  body?: string
  headers?: Record<string, string>
}

/** The normal answer, `delay` ms late (real time, not the OP's clock). */
export interface DelayFault {
  delay: number
}

/** No answer: the caller's `fetch` rejects, as when the OP cannot be reached. */
export interface NetworkErrorFault {
  networkError: true
}

/**
 * How the next ID token is defective: the claims given replace the right ones (`exp` and `iat` in
 * seconds since the epoch), `signature: 'invalid'` breaks the signature, `'none'` makes it unsigned.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export interface IdTokenDefects {
  iss?: string
  aud?: string | string[]
  nonce?: string
  exp?: number
  iat?: number
  sub?: string
  signature?: 'invalid' | 'none'
}

/** A defective next ID token (from the token endpoint). */
export interface IdTokenFault {
  idToken: IdTokenDefects
}

/** One fault, as DESIGN.md lists them. */
export type Fault = OAuthErrorFault | RawFault | DelayFault | NetworkErrorFault | IdTokenFault

/** The options of `failNext`. */
export interface FailNextOptions {
  /**
   * How many matching requests fail: 1 by default; `Infinity` until `clearFaults()`. Over JSON
   * (the admin plane), where there is no Infinity, `null` means the same.
   */
  times?: number | null
  /** Request parameters (and `client_id`) that must all be equal for a request to match. */
  where?: Record<string, string>
}

/** RFC 6749 §5.2: the characters of an error code. */
const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/

const ID_TOKEN_STRINGS = ['iss', 'nonce', 'sub'] as const
const ID_TOKEN_TIMES = ['exp', 'iat'] as const

/** `fault` checked, or a `ConfigurationError` naming the field that is wrong. */
export function validateFault(fault: unknown, field = 'fault'): Fault {
  const given = record(fault, field)
  const kinds = ['error', 'status', 'delay', 'networkError', 'idToken'].filter((kind) => kind in given)
  if ('error' in given) {
    string(given.error, `${field}.error`)
    if (!ERROR_CODE.test(given.error as string)) throw new ConfigurationError(`${field}.error`, 'not an RFC 6749 error code')
    if (given.error_description !== undefined) string(given.error_description, `${field}.error_description`)
    if (given.status !== undefined) status(given.status, `${field}.status`)
    return given as unknown as OAuthErrorFault
  }
  if (kinds.length !== 1) {
    throw new ConfigurationError(field, 'expected one of { error }, { status }, { delay }, { networkError: true }, { idToken }')
  }
  if ('status' in given) {
    status(given.status, `${field}.status`)
    if (given.body !== undefined) string(given.body, `${field}.body`)
    if (given.headers !== undefined) for (const [name, value] of Object.entries(record(given.headers, `${field}.headers`))) string(value, `${field}.headers.${name}`)
    return given as unknown as RawFault
  }
  if ('delay' in given) {
    if (typeof given.delay !== 'number' || !(given.delay >= 0) || !Number.isFinite(given.delay)) throw new ConfigurationError(`${field}.delay`, 'expected a number of ms, 0 or more')
    return given as unknown as DelayFault
  }
  if ('networkError' in given) {
    if (given.networkError !== true) throw new ConfigurationError(`${field}.networkError`, 'expected true')
    return given as unknown as NetworkErrorFault
  }
  const defects = record(given.idToken, `${field}.idToken`)
  for (const name of ID_TOKEN_STRINGS) if (defects[name] !== undefined) string(defects[name], `${field}.idToken.${name}`)
  for (const name of ID_TOKEN_TIMES) {
    if (defects[name] !== undefined && (typeof defects[name] !== 'number' || !Number.isFinite(defects[name]))) {
      throw new ConfigurationError(`${field}.idToken.${name}`, 'expected seconds since the epoch')
    }
  }
  if (defects.aud !== undefined && typeof defects.aud !== 'string' && !(Array.isArray(defects.aud) && defects.aud.every((a) => typeof a === 'string'))) {
    throw new ConfigurationError(`${field}.idToken.aud`, 'expected a string or an array of strings')
  }
  if (defects.signature !== undefined && defects.signature !== 'invalid' && defects.signature !== 'none') {
    throw new ConfigurationError(`${field}.idToken.signature`, "expected 'invalid' or 'none'")
  }
  if (Object.keys(defects).length === 0) throw new ConfigurationError(`${field}.idToken`, 'name at least one defect')
  return given as unknown as IdTokenFault
}

/** How many requests the options make fail (Infinity for `Infinity` or `null`), or a `ConfigurationError`. */
export function validateTimes(times: unknown, field = 'options.times'): number {
  if (times === undefined) return 1
  if (times === null || times === Infinity) return Infinity
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw new ConfigurationError(field, 'expected a whole number of requests, 1 or more, or Infinity')
  return times
}

/** The `where` matcher checked: an object of strings. */
export function validateWhere(where: unknown, field = 'options.where'): Record<string, string> {
  if (where === undefined) return {}
  const given = record(where, field)
  for (const [name, value] of Object.entries(given)) string(value, `${field}.${name}`)
  return given as Record<string, string>
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigurationError(field, 'expected an object')
  return value as Record<string, unknown>
}

function string(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new ConfigurationError(field, 'expected a string')
}

function status(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 599) throw new ConfigurationError(field, 'expected an HTTP status, 200 to 599')
}
