/**
 * All state is JSON in one store: dump() and load() carry it to another OP (keys included), reset()
 * empties it, and the OP's clock expires what it holds.
 */
import { describe, expect, test } from 'vitest'
import { ConfigurationError, Server, SIGNING_ALGS, type OPState } from '../../src/index.js'
import {
  authorize,
  authParams,
  claimsOf,
  clientPost,
  codeFlow,
  createOp,
  endpointUrl,
  frozenClock,
  getCode,
  headerOf,
  introspect,
  ISSUER,
  opJwks,
  postForm,
  redeem,
  REDIRECT_URI,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type Tokens,
} from './_helpers.js'

const op = createOp()
const msw = useMsw(op)

describe('dump()', () => {
  test('is a deep copy: changing it changes nothing in the OP', async () => {
    await codeFlow(op, WEB)
    const dump = op.dump()
    dump.clients.web!.redirect_uris = ['https://evil.example/cb']
    dump.users.length = 0
    expect(op.dump().clients.web!.redirect_uris).toEqual([REDIRECT_URI])
    expect(op.dump().users.length).toBe(2)
  })

  test('is plain JSON, with keys, clients, users, sessions, grants, codes and tokens', async () => {
    await codeFlow(op, WEB, { scope: 'openid offline_access' })
    await getCode(op, WEB)
    const dump = op.dump()
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump)
    expect(dump.version).toBe(1)
    // Issue 17: a key for every advertised algorithm, from the start.
    expect(dump.keys.map((k) => k.alg).sort()).toEqual([...SIGNING_ALGS].sort())
    for (const part of ['clients', 'sessions', 'grants', 'codes', 'tokens'] as const) expect(Object.keys(dump[part]).length, part).toBeGreaterThan(0)
    expect(dump.agent_session).toBeTypeOf('string')
  })
})

describe('a restored OP (new Server + load) carries on where the first one stopped', () => {
  test('tokens, codes, sessions, registered clients and keys issued before all work', async () => {
    const first = createOp({ issuer: 'https://persist.example.test' })
    msw.use(...first.handlers)
    const online = await codeFlow(first, WEB, { scope: 'openid email offline_access', nonce: 'n' })
    const pending = await getCode(first, SPA)
    const registration = await (
      await fetch('https://persist.example.test/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT_URI] }) })
    ).json()
    const snapshot = JSON.parse(JSON.stringify(first.dump())) as OPState

    // Other keys, no state: the earlier tokens mean nothing to it yet.
    const restored = new Server({ issuer: 'https://persist.example.test', clients: [WEB, SPA], jwks: opJwks('ES384') as never })
    msw.use(...restored.handlers)
    expect((await userinfo(restored, online.access_token)).status).toBe(401)

    restored.load(snapshot)
    await restored.ready()
    expect((await userinfo(restored, online.access_token)).status).toBe(200)
    expect((await introspect(restored, online.refresh_token!)).active).toBe(true)
    await verifyWithJwks(restored, online.id_token!, { audience: 'web' })
    const jwks = await (await fetch(endpointUrl(restored, 'jwks'))).json()
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(headerOf(online.id_token!).kid)

    const refreshed = await tokenRequest(restored, WEB, { grant_type: 'refresh_token', refresh_token: online.refresh_token! })
    expect(refreshed.status).toBe(200)
    expect((await redeem(restored, SPA, pending)).status).toBe(200)
    // The login session: prompt=none answers, with the same sid.
    const silent = await authorize(restored, authParams(WEB, { prompt: 'none' }))
    const code = silent.params.get('code')!
    const tokens = (await (await tokenRequest(restored, WEB, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).json()) as Tokens
    expect(claimsOf(tokens.id_token!).sid).toBe(claimsOf(online.id_token!).sid)
    // The registered client, with its registration access token.
    const read = await fetch(registration.registration_client_uri, { headers: { authorization: `Bearer ${registration.registration_access_token}` } })
    expect(read.status).toBe(200)
    // The ID token as id_token_hint at logout.
    const logout = await fetch(`${endpointUrl(restored, 'session')}?${new URLSearchParams({ id_token_hint: online.id_token!, post_logout_redirect_uri: 'https://rp.example.test/logged-out' })}`, { redirect: 'manual' })
    expect(logout.status).toBe(302)
  })

  test('a used code stays used, a rotated refresh token stays rotated', async () => {
    const got = await getCode(op, WEB, { scope: 'openid offline_access' })
    const tokens = (await (await redeem(op, WEB, got)).json()) as Tokens
    expect((await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).status).toBe(200)
    const restored = createOp()
    restored.load(op.dump())
    msw.use(...restored.handlers)
    expect((await redeem(restored, WEB, got)).status).toBe(400)
    expect((await tokenRequest(restored, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).status).toBe(400)
  })

  test('load() refuses what is not a snapshot of this format', () => {
    const other = createOp({ issuer: 'https://other.example.test' })
    for (const bad of [null, {}, { ...op.dump(), version: 2 }, 'state']) {
      expect(() => other.load(bad as never)).toThrowError(ConfigurationError)
    }
    expect(other.dump().clients).toHaveProperty('web')
  })
})

describe('reset()', () => {
  test('back to the configured clients and users, no session, grant, code or token; the keys stay', async () => {
    const fresh = createOp({ issuer: 'https://reset.example.test' })
    msw.use(...fresh.handlers)
    await codeFlow(fresh, WEB, { scope: 'openid offline_access' })
    await getCode(fresh, WEB)
    fresh.addClient({ client_id: 'extra', client_secret: 'x', redirect_uris: [REDIRECT_URI] })
    fresh.putUser({ sub: 'carol' })
    const keys = fresh.dump().keys
    fresh.reset()
    const state = fresh.dump()
    expect(Object.keys(state.clients).sort()).toEqual(['poster', 'service', 'spa', 'web'])
    expect(state.users.map((u) => u.sub)).toEqual(['alice', 'bob'])
    for (const part of ['sessions', 'grants', 'codes', 'tokens', 'interactions', 'consents', 'assertion_jtis'] as const) expect(state[part], part).toEqual({})
    expect(state.agent_session).toBeNull()
    expect(state.keys).toEqual(keys)
  })
})

describe('the store', () => {
  test('subscribers hear every write', async () => {
    let calls = 0
    const unsubscribe = op.store.subscribe(() => calls++)
    await codeFlow(op, WEB)
    unsubscribe()
    expect(calls).toBeGreaterThan(0)
    const seen = calls
    await codeFlow(op, WEB)
    expect(calls).toBe(seen)
  })
})

describe('the clock: op.clock.advance() expires codes, tokens, sessions and pages', () => {
  test('a code after 60 s, an access token after 1 h, a refresh token after 14 days', async () => {
    const start = Date.now()
    const clocked = createOp({ issuer: 'https://clock.example.test', clock: frozenClock(start) })
    msw.use(...clocked.handlers)
    const got = await getCode(clocked, WEB)
    clocked.clock.advance(59)
    expect((await redeem(clocked, WEB, got)).status).toBe(200)
    const late = await getCode(clocked, WEB)
    clocked.clock.advance(60)
    expect((await redeem(clocked, WEB, late)).status).toBe(400)

    const tokens = await codeFlow(clocked, WEB, { scope: 'openid offline_access' })
    clocked.clock.advance(3599)
    expect((await userinfo(clocked, tokens.access_token)).status).toBe(200)
    clocked.clock.advance(1)
    expect((await userinfo(clocked, tokens.access_token)).status).toBe(401)
    expect((await clientPost(clocked, 'introspection', WEB, { token: tokens.access_token }).then((r) => r.json())).active).toBe(false)
    const refreshed = await tokenRequest(clocked, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
    expect(refreshed.status).toBe(200)
    const { refresh_token } = (await refreshed.json()) as Tokens
    clocked.clock.advance(14 * 24 * 3600)
    expect((await tokenRequest(clocked, WEB, { grant_type: 'refresh_token', refresh_token: refresh_token! })).status).toBe(400)
    clocked.clock.reset()
    expect(clocked.clock.nowMs()).toBe(start)
  })

  test('expired records are collected from the state', async () => {
    const collected = createOp({ issuer: 'https://sweep.example.test' })
    msw.use(...collected.handlers)
    const tokens = await codeFlow(collected, WEB)
    const jti = claimsOf(tokens.access_token).jti!
    expect(collected.dump().tokens).toHaveProperty(jti)
    collected.clock.advance(15 * 24 * 3600)
    await codeFlow(collected, WEB)
    expect(collected.dump().tokens).not.toHaveProperty(jti)
  })

  test('a page (interaction) expires after 10 minutes', async () => {
    const paged = createOp({ issuer: 'https://paged.example.test', interaction: 'login' })
    msw.use(...paged.handlers)
    const started = await authorize(paged, authParams(WEB))
    const url = started.location!.href
    paged.clock.advance(600)
    expect((await postForm(url, { sub: 'alice', action: 'login' })).status).toBe(400)
  })

  test('the session ends after its lifetime: prompt=none is login_required', async () => {
    const sso = createOp({ issuer: 'https://sso.example.test', ttl: { Session: 3600 }, clock: frozenClock() })
    msw.use(...sso.handlers)
    await codeFlow(sso, WEB)
    sso.clock.advance(3599)
    expect((await authorize(sso, authParams(WEB, { prompt: 'none' }))).params.get('code')).toBeTypeOf('string')
    sso.clock.advance(1)
    expect((await authorize(sso, authParams(WEB, { prompt: 'none' }))).params.get('error')).toBe('login_required')
  })
})

test('the issuer of the state is the configured one', () => {
  expect(op.issuer).toBe(ISSUER)
})
