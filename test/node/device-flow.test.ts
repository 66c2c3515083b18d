/**
 * The device authorization grant (RFC 8628) through openid-client and oauth4webapi, with the
 * errors of §3.5: authorization_pending, slow_down, access_denied, expired_token.
 */
import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { ALICE, createOp, endpointUrl, ISSUER, postForm, SPA, useMsw, type TestClient } from './_helpers.js'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
const TV: TestClient = { client_id: 'tv', token_endpoint_auth_method: 'none', grant_types: [DEVICE_GRANT, 'refresh_token'] }
const CLI: TestClient = { client_id: 'cli', client_secret: 'cli-secret', token_endpoint_auth_method: 'client_secret_post', grant_types: [DEVICE_GRANT] }

let now = Date.parse('2030-01-01T00:00:00Z')
/** Polls soon: openid-client waits `interval` seconds before each poll. */
const op = createOp({ clients: [TV, CLI, SPA], endpoints: { device_authorization: { interval: 1 } } })
/** The default interval (5 s), on a clock the tests move. */
const slow = createOp({ issuer: 'https://slow.example.test', clients: [TV, CLI], clock: () => now })
useMsw(op, slow)

async function start(server: typeof op, body: Record<string, string>) {
  const response = await postForm(endpointUrl(server, 'device_authorization'), body)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function poll(server: typeof op, deviceCode: string, clientId = 'tv') {
  const response = await postForm(endpointUrl(server, 'token'), { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: clientId })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('device authorization endpoint', () => {
  test('answers with codes, URIs, expiry and interval; the user code is easy to type', async () => {
    const { status, body } = await start(slow, { client_id: 'tv', scope: 'openid profile' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ verification_uri: 'https://slow.example.test/device', expires_in: 600, interval: 5 })
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)
    expect(body.verification_uri_complete).toBe(`https://slow.example.test/device?user_code=${body.user_code}`)
    expect(String(body.device_code).length).toBeGreaterThanOrEqual(43)
  })

  test('is advertised, with the grant type', async () => {
    const md = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(md.device_authorization_endpoint).toBe(`${ISSUER}/device_authorization`)
    expect(md.grant_types_supported).toContain(DEVICE_GRANT)
  })

  test('refuses unknown clients, wrong secrets and clients without the grant', async () => {
    expect((await start(op, { client_id: 'nobody' })).body.error).toBe('invalid_client')
    expect((await start(op, { client_id: 'cli', client_secret: 'wrong' })).body.error).toBe('invalid_client')
    const web = await start(op, { client_id: 'spa' })
    expect(web.body.error).toBe('unauthorized_client')
  })
})

describe('device code grant', () => {
  test('openid-client: approve, then poll for tokens with an ID token', async () => {
    const config = await client.discovery(new URL(ISSUER), 'tv', undefined, client.None())
    const response = await client.initiateDeviceAuthorization(config, { scope: 'openid profile' })
    // Case and dashes do not matter (RFC 8628 §6.1).
    expect(op.approveDevice(response.user_code.toLowerCase().replace('-', ''), 'bob')).toBe(true)
    const tokens = await client.pollDeviceAuthorizationGrant(config, response)
    expect(tokens.claims()?.sub).toBe('bob')
    expect(tokens.access_token).toBeTruthy()
  })

  test('oauth4webapi: pending, then denied', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    const c: oauth.Client = { client_id: 'cli' }
    const auth = oauth.ClientSecretPost('cli-secret')
    const started = await oauth.processDeviceAuthorizationResponse(as, c, await oauth.deviceAuthorizationRequest(as, c, auth, { scope: 'openid' }))
    const pollOnce = async () => oauth.processDeviceCodeResponse(as, c, await oauth.deviceCodeGrantRequest(as, c, auth, started.device_code))
    await expect(pollOnce()).rejects.toMatchObject({ error: 'authorization_pending' })
    expect(op.denyDevice(started.user_code)).toBe(true)
    await expect(pollOnce()).rejects.toMatchObject({ error: 'access_denied' })
    expect(op.approveDevice(started.user_code)).toBe(false)
  })

  test('slow_down: polled sooner than the interval, which then grows by 5 s and is remembered', async () => {
    const { body } = await start(slow, { client_id: 'tv', scope: 'openid' })
    const code = String(body.device_code)
    expect((await poll(slow, code)).body.error).toBe('authorization_pending')
    expect((await poll(slow, code)).body.error).toBe('slow_down')
    now += 6_000
    expect((await poll(slow, code)).body.error).toBe('slow_down')
    now += 20_000
    expect((await poll(slow, code)).body.error).toBe('authorization_pending')
  })

  test('expired_token by the OP clock; unknown codes and other clients get invalid_grant; single use', async () => {
    const first = await start(slow, { client_id: 'tv', scope: 'openid' })
    now += 601_000
    expect((await poll(slow, String(first.body.device_code))).body.error).toBe('expired_token')
    expect(slow.approveDevice(String(first.body.user_code))).toBe(false)
    expect((await poll(slow, 'not-a-code')).body.error).toBe('invalid_grant')

    const second = await start(slow, { client_id: 'tv', scope: 'openid offline_access' })
    slow.approveDevice(String(second.body.user_code), ALICE.sub)
    const other = await postForm(endpointUrl(slow, 'token'), { grant_type: DEVICE_GRANT, device_code: String(second.body.device_code), client_id: 'cli', client_secret: 'cli-secret' })
    expect(((await other.json()) as { error: string }).error).toBe('invalid_grant')
    const ok = await poll(slow, String(second.body.device_code))
    expect(ok.status).toBe(200)
    expect(ok.body).toHaveProperty('id_token')
    expect(ok.body).toHaveProperty('refresh_token')
    expect((await poll(slow, String(second.body.device_code))).body.error).toBe('invalid_grant')
  })
})

describe('verification page', () => {
  test('code, login, consent, done; the device then gets its tokens', async () => {
    const { body } = await start(op, { client_id: 'tv', scope: 'openid' })
    const page = endpointUrl(op, 'device_verification')
    const entry = await fetch(String(body.verification_uri_complete))
    expect(entry.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await entry.text()).toContain(`value="${body.user_code}"`)
    const action = `${page}?user_code=${String(body.user_code).replace('-', '')}`
    const login = await postForm(page, { user_code: String(body.user_code), action: 'code' })
    expect(await login.text()).toContain('Log in')
    const consent = await postForm(action, { action: 'login', sub: 'alice' })
    expect(await consent.text()).toContain('Allow access?')
    const done = await postForm(action, { action: 'consent' })
    expect(await done.text()).toContain('Device connected')
    expect((await poll(op, String(body.device_code))).status).toBe(200)
  })

  test('an unknown code shows the form again with the problem', async () => {
    const response = await postForm(endpointUrl(op, 'device_verification'), { user_code: 'BCDF-GHJK', action: 'code' })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('unknown or has expired')
  })
})
