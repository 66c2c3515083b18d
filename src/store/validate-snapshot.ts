/**
 * `load()` checks a snapshot completely before it replaces anything: a snapshot with a part of
 * the wrong shape (`{clients: null}`, `{keys: null}`, a token without `exp`) would load and then
 * break every request, or leave the OP half-loaded. The first problem found is thrown as a
 * `ConfigurationError` whose `field` is its path (`snapshot.clients.web.client_id`). Parts left
 * out of a snapshot keep their initial (empty) value, as before.
 */
import { ConfigurationError } from '../errors/oauth-error.js'
import { STATE_VERSION, type OPState } from './state.js'

/** What a field must hold; a trailing `?` makes it optional. */
type FieldType = 'string' | 'number' | 'boolean' | 'strings' | 'object' | 'string?' | 'number?' | 'boolean?' | 'strings?' | 'object?'
type Shape = Readonly<Record<string, FieldType>>

const KEY: Shape = { kty: 'string', kid: 'string?', alg: 'string?' }
const CLIENT: Shape = { client_id: 'string', client_id_issued_at: 'number?', registration_access_token: 'string?' }
const USER: Shape = { sub: 'string' }
const SESSION: Shape = { sid: 'string', sub: 'string', auth_time: 'number', expires_at: 'number', cookie: 'string?', used: 'number?' }
const INTERACTION: Shape = { uid: 'string', kind: 'string', request: 'object', sid: 'string?', expires_at: 'number' }
const GRANT: Shape = { id: 'string', client_id: 'string', sub: 'string', scope: 'strings', auth_time: 'number', revoked: 'boolean', expires_at: 'number' }
const CODE: Shape = { grant_id: 'string', client_id: 'string', redirect_uri: 'string', expires_at: 'number', redeemed_at: 'number?' }
const TOKEN: Shape = { kind: 'string', format: 'string', client_id: 'string', sub: 'string', scope: 'strings', iat: 'number', exp: 'number', jti: 'string', revoked: 'boolean' }
const PUSHED: Shape = { client_id: 'string', params: 'object', expires_at: 'number' }

/** The records of the state keyed by id, and the shape of each record. */
const RECORDS: Readonly<Record<string, Shape>> = {
  clients: CLIENT,
  sessions: SESSION,
  interactions: INTERACTION,
  grants: GRANT,
  codes: CODE,
  tokens: TOKEN,
  pushed_requests: PUSHED,
}

/** Records of expiry times (seconds), keyed by jti or nonce. */
const EXPIRIES = ['assertion_jtis', 'dpop_jtis', 'dpop_nonces'] as const

/**
 * Throws a `ConfigurationError` naming the first field of `data` that is not what `dump()` makes.
 * @returns `data`, typed as a snapshot
 */
export function validateSnapshot(data: unknown): Partial<OPState> {
  if (!isObject(data)) fail('snapshot', 'must be an object made by dump()')
  if (data.version !== STATE_VERSION) fail('snapshot', `not a state snapshot of format version ${STATE_VERSION}`)
  if (data.keys !== undefined) eachItem(data.keys, 'snapshot.keys', KEY)
  if (data.users !== undefined) eachItem(data.users, 'snapshot.users', USER)
  for (const [part, shape] of Object.entries(RECORDS)) if (data[part] !== undefined) eachEntry(data[part], `snapshot.${part}`, shape)
  for (const part of EXPIRIES) {
    if (data[part] === undefined) continue
    const record = objectAt(data[part], `snapshot.${part}`)
    for (const [key, value] of Object.entries(record)) check(value, 'number', `snapshot.${part}.${key}`)
  }
  if (data.agent_session !== undefined && data.agent_session !== null) check(data.agent_session, 'string', 'snapshot.agent_session')
  if (data.pairwise_salt !== undefined) check(data.pairwise_salt, 'string', 'snapshot.pairwise_salt')
  // A session's grant per client (optional): an object of grant ids.
  for (const [sid, session] of Object.entries(data.sessions ?? {}) as [string, Record<string, unknown>][]) {
    if (!Object.hasOwn(session, 'grants_by_client') || session.grants_by_client === undefined) continue
    const path = `snapshot.sessions.${sid}.grants_by_client`
    for (const [clientId, grantId] of Object.entries(objectAt(session.grants_by_client, path))) check(grantId, 'string', `${path}.${clientId}`)
  }
  if (data.consents !== undefined) {
    for (const [sub, byClient] of Object.entries(objectAt(data.consents, 'snapshot.consents'))) {
      for (const [clientId, scopes] of Object.entries(objectAt(byClient, `snapshot.consents.${sub}`))) check(scopes, 'strings', `snapshot.consents.${sub}.${clientId}`)
    }
  }
  return data as Partial<OPState>
}

function eachItem(value: unknown, path: string, shape: Shape): void {
  if (!Array.isArray(value)) fail(path, 'must be an array')
  value.forEach((item, i) => checkShape(item, `${path}[${i}]`, shape))
}

function eachEntry(value: unknown, path: string, shape: Shape): void {
  for (const [key, item] of Object.entries(objectAt(value, path))) checkShape(item, `${path}.${key}`, shape)
}

function checkShape(value: unknown, path: string, shape: Shape): void {
  const record = objectAt(value, path)
  for (const [field, type] of Object.entries(shape)) {
    const optional = type.endsWith('?')
    const present = Object.hasOwn(record, field) && record[field] !== undefined
    if (!present && optional) continue
    check(present ? record[field] : undefined, type.replace('?', '') as FieldType, `${path}.${field}`)
  }
}

function check(value: unknown, type: FieldType, path: string): void {
  const ok =
    type === 'strings'
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : type === 'object'
        ? isObject(value)
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === type
  if (!ok) fail(path, type === 'strings' ? 'must be an array of strings' : `must be ${type === 'object' ? 'an object' : `a ${type}`}`)
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) fail(path, 'must be an object')
  return value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function fail(path: string, problem: string): never {
  throw new ConfigurationError(path, problem)
}
