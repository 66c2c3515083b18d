/**
 * The clock (each kind of record expires by op.clock, and the clock is saved with the state),
 * waitForRequest, and issueToken's tokens at every endpoint, through oauth4webapi and fetch.
 */
import * as oauth from 'oauth4webapi'
import { describe, expect, test } from 'vitest'
import { authorize, clientPost, createOp, endpointUrl, frozenClock, ISSUER, pkce, REDIRECT_URI, tokenRequest, useMsw, WEB } from './_helpers.js'

const pair = await pkce()

const op = createOp()
const frozen = createOp({ issuer: 'https://frozen.example.test', clock: frozenClock() })
useMsw(op, frozen)

const as = { issuer: ISSUER, token_endpoint: `${ISSUER}/token`, userinfo_endpoint: `${ISSUER}/userinfo`, introspection_endpoint: `${ISSUER}/introspect`, revocation_endpoint: `${ISSUER}/revoke` }

function userinfo(server: typeof op, token: string): Promise<Response> {
  return fetch(endpointUrl(server, 'userinfo'), { headers: { authorization: `Bearer ${token}` } })
}

describe('op.clock', () => {
  test('advance expires access tokens, refresh tokens, codes and sessions; reset brings them back', async () => {
    const access = await frozen.issueToken({ client_id: 'web', sub: 'alice' })
    const refresh = await frozen.issueToken({ client_id: 'web', sub: 'alice', token_type: 'refresh_token', expires_in: 7200 })
    expect((await userinfo(frozen, access)).status).toBe(200)
    frozen.clock.advance(3601)
    expect((await userinfo(frozen, access)).status).toBe(401)
    expect((await tokenRequest(frozen, WEB, { grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200)
    frozen.clock.advance(3600)
    expect((await tokenRequest(frozen, WEB, { grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(400)
    frozen.clock.reset()
  })

  test('a code expires, a session ends for prompt=none, max_age asks for a new login', async () => {
    const params = { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', code_challenge: pair.challenge, code_challenge_method: 'S256' }
    const first = await authorize(frozen, params)
    const code = first.params.get('code')!
    frozen.clock.advance(600)
    const redeemed = await tokenRequest(frozen, WEB, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: pair.verifier })
    expect(await redeemed.json()).toMatchObject({ error: 'invalid_grant' })
    const oldSession = frozen.dump().sessions
    expect(Object.values(oldSession).length).toBeGreaterThan(0)
    frozen.clock.advance(30 * 24 * 3600)
    expect((await authorize(frozen, { ...params, prompt: 'none' })).params.get('error')).toBe('login_required')
    frozen.clock.reset()
  })

  test('set takes ms or a Date; the offset is in the state, so load() restores it and reset() clears it', async () => {
    const at = Date.UTC(2030, 0, 1)
    op.clock.set(new Date(at))
    expect(Math.abs(op.clock.nowMs() - at)).toBeLessThan(1000)
    const saved = op.dump()
    expect(saved.clock_offset_ms).toBeGreaterThan(0)
    op.clock.reset()
    expect(op.dump().clock_offset_ms).toBeUndefined()
    op.load(saved)
    expect(Math.abs(op.clock.nowMs() - at)).toBeLessThan(1000)
    op.clock.set(at + 1000)
    expect(Math.abs(op.clock.nowMs() - at - 1000)).toBeLessThan(1000)
    op.reset()
    expect(Math.abs(op.clock.nowMs() - Date.now())).toBeLessThan(1000)
    expect(() => op.clock.set(Number.NaN)).toThrow(TypeError)
  })
})

describe('op.waitForRequest', () => {
  test('resolves with the next matching request, its parameters shown without secrets', async () => {
    const waiting = op.waitForRequest('token', { where: { grant_type: 'client_credentials' } })
    await clientPost(op, 'token', { client_id: 'service', client_secret: 'svc-secret', token_endpoint_auth_method: 'client_secret_post' }, { grant_type: 'client_credentials', scope: 'api:read' })
    const event = await waiting
    expect(event).toMatchObject({ endpoint: 'token', method: 'POST', status: 200, client_id: 'service', params: { grant_type: 'client_credentials' } })
    expect(JSON.stringify(event)).not.toContain('svc-secret')
  })

  test('rejects on timeout, saying what did arrive; earlier requests do not count', async () => {
    await fetch(endpointUrl(op, 'jwks'))
    const waiting = op.waitForRequest('jwks', { timeout: 100 })
    await fetch(endpointUrl(op, 'provider_config'))
    await expect(waiting).rejects.toThrow(/jwks.*none within 100 ms; arrived: provider_config GET 200/)
  })

  test('a timeout timers cannot hold (Infinity, over 2^31-1 ms) is refused, not a wait that ends at once', () => {
    for (const timeout of [Infinity, 2 ** 31, -1, Number.NaN]) expect(() => op.waitForRequest('jwks', { timeout })).toThrow(/options\.timeout/)
  })
})

describe('op.issueToken', () => {
  const web = { client_id: 'web', client_secret: 's3cret' }
  const auth = oauth.ClientSecretBasic('s3cret')

  test('an access token works at UserInfo and introspection, and revocation ends it', async () => {
    const token = await op.issueToken({ client_id: 'web', sub: 'bob', scope: 'openid profile email', claims: { tenant: 't1' }, audience: 'https://api.example.test' })
    const info = await oauth.processUserInfoResponse(as, web, 'bob', await oauth.userInfoRequest(as, web, token))
    expect(info).toMatchObject({ sub: 'bob', name: 'Bob Builder' })
    const introspected = await oauth.processIntrospectionResponse(as, web, await oauth.introspectionRequest(as, web, auth, token))
    expect(introspected).toMatchObject({ active: true, sub: 'bob', client_id: 'web' })
    const grants = Object.values(op.dump().grants).filter((grant) => grant.sub === 'bob')
    expect(grants.length).toBeGreaterThan(0)
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, web, auth, token))
    expect((await userinfo(op, token)).status).toBe(401)
  })

  test('a refresh token refreshes; an ID token verifies; expires_in is kept', async () => {
    const refresh = await op.issueToken({ client_id: 'web', sub: 'alice', scope: 'openid offline_access', token_type: 'refresh_token' })
    const refreshed = await oauth.processRefreshTokenResponse(as, web, await oauth.refreshTokenGrantRequest(as, web, auth, refresh))
    expect(refreshed.access_token).toBeTypeOf('string')
    const idToken = await op.issueToken({ client_id: 'web', sub: 'alice', token_type: 'id_token', expires_in: 60, claims: { role: 'admin', iss: 'ignored' } })
    const [, payload] = idToken.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web', role: 'admin' })
    expect((claims.exp as number) - (claims.iat as number)).toBe(60)
  })

  test('wrong options throw a ConfigurationError naming the field', async () => {
    await expect(op.issueToken({ client_id: 'nobody' })).rejects.toMatchObject({ field: 'client_id' })
    await expect(op.issueToken({ client_id: 'web', sub: 'ghost', token_type: 'id_token' })).rejects.toMatchObject({ field: 'sub' })
    await expect(op.issueToken({ client_id: 'web', expires_in: 0 })).rejects.toMatchObject({ field: 'expires_in' })
  })
})

describe('op.endSession', () => {
  test('the tokens of grants without offline_access stop working, and the state says revoked', async () => {
    const params = { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', code_challenge: pair.challenge, code_challenge_method: 'S256' }
    const { params: answer } = await authorize(op, params)
    const response = await tokenRequest(op, WEB, { grant_type: 'authorization_code', code: answer.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: pair.verifier })
    const { access_token } = (await response.json()) as { access_token: string }
    const grantId = Object.values(op.dump().tokens).find((token) => token.kind === 'access_token' && token.iat && token.grant_id && op.dump().grants[token.grant_id]?.sid)!.grant_id!
    const sid = op.dump().grants[grantId]!.sid!
    expect(op.endSession(sid)).toBe(true)
    expect((await userinfo(op, access_token)).status).toBe(401)
    const tokens = Object.values(op.dump().tokens).filter((token) => op.dump().grants[token.grant_id!]?.sid === sid)
    expect(tokens.length).toBeGreaterThan(0)
    for (const token of tokens) expect(token.revoked).toBe(true)
  })
})
