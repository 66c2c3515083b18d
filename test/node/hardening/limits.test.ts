/**
 * Flaw 7 of issue 9 (the core part): documented limits with clear errors (docs/limits.md), and
 * remote key sets kept per OP with a TTL, cleared by reset().
 */
import { describe, expect, test } from 'vitest'
import { ConfigurationError, Server } from '../../../src/index.js'
import { DEFAULT_LIMITS } from '../../../src/config/limits.js'
import { authParams, createOp, expectOAuthError, form, ISSUER, REDIRECT_URI, RP, stored, WEB } from '../_helpers.js'

const op = createOp({ interaction: 'login' })

function post(path: string, body: string, type = 'application/x-www-form-urlencoded'): Promise<Response> {
  return op.handle(new Request(`${ISSUER}${path}`, { method: 'POST', headers: { 'content-type': type }, body }))
}

async function refusedUnchanged(send: () => Promise<Response>, status: number, pattern: RegExp): Promise<void> {
  const before = stored(op)
  const { error_description } = await expectOAuthError(await send(), status, 'invalid_request')
  expect(error_description).toMatch(pattern)
  expect(stored(op)).toEqual(before)
}

describe('sizes', () => {
  test('a body over 64 KiB is 413, whatever the endpoint', async () => {
    const body = `grant_type=client_credentials&pad=${'x'.repeat(DEFAULT_LIMITS.requestBody)}`
    await refusedUnchanged(() => post('/token', body), 413, /limits\.requestBody/)
    await refusedUnchanged(() => post('/register', JSON.stringify({ redirect_uris: [REDIRECT_URI], pad: 'x'.repeat(70_000) }), 'application/json'), 413, /limits\.requestBody/)
  })

  test('one parameter over 8 KiB is 400, in the query or a form', async () => {
    const long = 'x'.repeat(DEFAULT_LIMITS.parameterValue + 1)
    await refusedUnchanged(() => op.handle(new Request(`${ISSUER}/authorize?${form({ ...authParams(WEB), login_hint: long })}`)), 400, /limits\.parameterValue/)
    await refusedUnchanged(() => post('/par', form({ ...authParams(WEB), nonce: long }).toString()), 400, /limits\.parameterValue/)
  })

  test('a state over 2,048 characters is not kept with a pending login page', async () => {
    const response = await op.handle(new Request(`${ISSUER}/authorize?${form(authParams(WEB, { state: 's'.repeat(DEFAULT_LIMITS.state + 1) }))}`))
    expect(response.status).toBe(400)
    expect(Object.keys(op.dump().interactions)).toHaveLength(0)
  })

  test('a registration metadata value over 8 KiB is 400, nothing registered', async () => {
    const metadata = { redirect_uris: [REDIRECT_URI], client_name: 'n'.repeat(DEFAULT_LIMITS.metadataValue + 1) }
    await refusedUnchanged(() => post('/register', JSON.stringify(metadata), 'application/json'), 400, /limits\.metadataValue/)
  })
})

describe('records per kind', () => {
  test('open registration stops at limits.registeredClients with 429; configured clients do not count', async () => {
    const small = createOp({ limits: { registeredClients: 3 } })
    const register = (): Promise<Response> =>
      small.handle(new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT_URI] }) }))
    for (let i = 0; i < 3; i++) expect((await register()).status).toBe(201)
    const { error_description } = await expectOAuthError(await register(), 429, 'invalid_request')
    expect(error_description).toMatch(/limits\.registeredClients/)
    expect(Object.keys(small.dump().clients)).toHaveLength(4 + 3)
  })

  test('pending login pages stop at limits.interactions', async () => {
    const small = createOp({ interaction: 'login', limits: { interactions: 2 } })
    const start = (): Promise<Response> => small.handle(new Request(`${ISSUER}/authorize?${form(authParams(WEB))}`))
    expect((await start()).status).toBe(303)
    expect((await start()).status).toBe(303)
    const refused = await start()
    expect(new URL(refused.headers.get('location')!).searchParams.get('error_description')).toMatch(/limits\.interactions/)
    expect(Object.keys(small.dump().interactions)).toHaveLength(2)
  })

  test('an unknown or invalid limit is a ConfigurationError naming it', () => {
    expect(() => new Server({ issuer: ISSUER, limits: { sessions: 0 } })).toThrow(ConfigurationError)
    expect(() => new Server({ issuer: ISSUER, limits: { nope: 1 } as never })).toThrow(/limits\.nope/)
  })
})

describe('remote key sets (jwks_uri)', () => {
  const REMOTE = { client_id: 'pk-remote', grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt' as const, jwks_uri: `${RP}/jwks.json` }

  test('kept per OP, for limits.remoteJwksTtl, forgotten by reset()', () => {
    const first = createOp({ clients: [REMOTE], limits: { remoteJwksTtl: 60 } })
    const second = createOp({ clients: [REMOTE] })
    const sets = first.serverGet('endpoint_context').remoteKeySets
    const keys = sets.get(REMOTE.jwks_uri)
    expect(sets.get(REMOTE.jwks_uri)).toBe(keys)
    expect(second.serverGet('endpoint_context').remoteKeySets.size).toBe(0)
    first.clock.advance(61)
    expect(sets.get(REMOTE.jwks_uri)).not.toBe(keys)
    first.reset()
    expect(sets.size).toBe(0)
  })

  test('at most limits.remoteJwksSets at once', () => {
    const sets = createOp({ limits: { remoteJwksSets: 3 } }).serverGet('endpoint_context').remoteKeySets
    for (let i = 0; i < 10; i++) sets.get(`${RP}/jwks-${i}.json`)
    expect(sets.size).toBe(3)
  })
})
