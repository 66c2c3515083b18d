/**
 * op.failNext: every fault kind, seen by independent clients (openid-client, plain fetch as an
 * RP sends it): an OAuth error in each endpoint's style, a raw answer with CORS, a delay, a
 * network error, a defective ID token; `times` and `where`; and no state changed by a fault.
 */
import * as client from 'openid-client'
import { afterEach, describe, expect, test } from 'vitest'
import { authorize, createOp, endpointUrl, ISSUER, REDIRECT_URI, RP, tokenRequest, useMsw, WEB } from './_helpers.js'

const op = createOp()
useMsw(op)
afterEach(() => op.clearFaults())

async function config(): Promise<client.Configuration> {
  const config = await client.discovery(new URL(ISSUER), 'web', undefined, client.ClientSecretBasic('s3cret'))
  client.enableNonRepudiationChecks(config)
  return config
}

/** An authorization response with a code, and what the RP expects of the token response. */
async function codeFor(config: client.Configuration, scope = 'openid profile offline_access') {
  const pkceCodeVerifier = client.randomPKCECodeVerifier()
  const expectedNonce = client.randomNonce()
  const expectedState = client.randomState()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    nonce: expectedNonce,
    state: expectedState,
  })
  const response = await fetch(url, { redirect: 'manual' })
  const callback = new URL(response.headers.get('location')!)
  return { callback, checks: { pkceCodeVerifier, expectedNonce, expectedState, idTokenExpected: true } }
}

describe('OAuth error faults, in the endpoint style', () => {
  test('token: the RP gets the error, and the code is still good afterwards (no state changed)', async () => {
    const rp = await config()
    const { callback, checks } = await codeFor(rp)
    op.failNext('token', { error: 'invalid_grant', error_description: 'injected' })
    const before = op.dump()
    const failed = await client.authorizationCodeGrant(rp, callback, checks).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(client.ResponseBodyError)
    expect(failed).toMatchObject({ error: 'invalid_grant', error_description: 'injected', status: 400 })
    expect(op.dump()).toEqual(before)
    const tokens = await client.authorizationCodeGrant(rp, callback, checks)
    expect(tokens.access_token).toBeTypeOf('string')
  })

  test('authorization: redirected to the client with state and iss, in its response mode', async () => {
    op.failNext('authorization', { error: 'access_denied', error_description: 'the user said no' })
    const query = await authorize(op, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's1', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })
    expect(query.location?.origin).toBe(RP)
    expect(Object.fromEntries(query.params)).toEqual({ error: 'access_denied', error_description: 'the user said no', state: 's1', iss: ISSUER })
    op.failNext('authorization', { error: 'login_required' })
    const fragment = await authorize(op, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', response_mode: 'fragment', scope: 'openid', state: 's2' })
    expect(fragment.location?.hash).toContain('error=login_required')
    expect(fragment.params.get('state')).toBe('s2')
  })

  test('authorization: an unknown client still gets the error page, and the fault waits for a trusted request', async () => {
    op.failNext('authorization', { error: 'access_denied' })
    const page = await authorize(op, { client_id: 'nobody', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' })
    expect(page.html).toContain('invalid_client')
    const redirected = await authorize(op, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's' })
    expect(redirected.params.get('error')).toBe('access_denied')
  })

  test('UserInfo: a Bearer challenge in WWW-Authenticate', async () => {
    const token = await op.issueToken({ client_id: 'web', sub: 'alice' })
    op.failNext('userinfo', { error: 'invalid_token', status: 401 })
    const response = await fetch(endpointUrl(op, 'userinfo'), { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/)
  })
})

describe('transport faults', () => {
  test('raw: the status, body and headers given, with the OP\'s CORS headers', async () => {
    op.failNext('token', { status: 503, body: 'down for maintenance', headers: { 'retry-after': '30' } })
    const response = await fetch(endpointUrl(op, 'token'), { method: 'POST', headers: { origin: RP, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token' })
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('down for maintenance')
    expect(response.headers.get('retry-after')).toBe('30')
    expect(response.headers.get('access-control-allow-origin')).toBe(RP)
  })

  test('network error: discovery rejects as when the OP is down', async () => {
    op.failNext('provider_config', { networkError: true })
    await expect(client.discovery(new URL(ISSUER), 'web', 's3cret')).rejects.toThrow()
    await expect(config()).resolves.toBeDefined()
  })

  test('delay: the normal answer, late', async () => {
    op.failNext('jwks', { delay: 150 })
    const started = performance.now()
    const response = await fetch(endpointUrl(op, 'jwks'))
    expect(response.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })
})

describe('defective ID tokens', () => {
  const cases = [
    [{ nonce: 'not-the-nonce' }, { cause: /nonce/ }],
    [{ iss: 'https://evil.example.test' }, { cause: /iss/ }],
    [{ aud: 'someone-else' }, { cause: /aud/ }],
    [{ exp: Math.floor(Date.now() / 1000) - 3600 }, { message: /timestamp/ }],
    [{ signature: 'invalid' }, {}],
    [{ signature: 'none' }, {}],
  ] as const
  for (const [defects, refusal] of cases) {
    test(`openid-client refuses ${JSON.stringify(defects)}`, async () => {
      const rp = await config()
      const { callback, checks } = await codeFor(rp)
      op.failNext('token', { idToken: defects })
      const error = await client.authorizationCodeGrant(rp, callback, checks).catch((thrown: unknown) => thrown)
      expect(error).toBeInstanceOf(Error)
      if ('cause' in refusal) expect((error as Error & { cause: Error }).cause.message).toMatch(refusal.cause)
      if ('message' in refusal) expect((error as Error).message).toMatch(refusal.message)
    })
  }

  test('iat in the future: the ID token says so (RPs differ in what they refuse)', async () => {
    const rp = await config()
    const { callback, checks } = await codeFor(rp)
    const iat = Math.floor(Date.now() / 1000) + 3600
    op.failNext('token', { idToken: { iat } })
    const tokens = await client.authorizationCodeGrant(rp, callback, checks).catch(() => undefined)
    if (tokens) expect(tokens.claims()?.iat).toBe(iat)
  })

  test('a token answer without an ID token leaves the fault for the next one', async () => {
    op.failNext('token', { idToken: { sub: 'mallory' } })
    const refresh = await op.issueToken({ client_id: 'web', token_type: 'refresh_token', scope: 'api:read' })
    expect((await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200)
    const rp = await config()
    const { callback, checks } = await codeFor(rp)
    const tokens = await client.authorizationCodeGrant(rp, callback, checks)
    expect(tokens.claims()?.sub).toBe('mallory')
  })
})

describe('times and where', () => {
  test('times: 2 fails two requests, then the endpoint answers again', async () => {
    op.failNext('jwks', { status: 500 }, { times: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await fetch(endpointUrl(op, 'jwks'))).status)
    expect(statuses).toEqual([500, 500, 200])
  })

  test('times: Infinity (or null over JSON) until clearFaults()', async () => {
    op.failNext('jwks', { status: 502 }, { times: Infinity })
    for (let i = 0; i < 3; i++) expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(502)
    op.clearFaults()
    expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(200)
    op.failNext('jwks', { status: 502 }, { times: null })
    expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(502)
    op.clearFaults()
  })

  test('where: only the requests with those parameters and that client', async () => {
    op.failNext('token', { error: 'unauthorized_client' }, { where: { client_id: 'service', grant_type: 'client_credentials' } })
    const refresh = await op.issueToken({ client_id: 'web', token_type: 'refresh_token', scope: 'api:read' })
    expect((await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200)
    const rp = await client.discovery(new URL(ISSUER), 'service', undefined, client.ClientSecretPost('svc-secret'))
    await expect(client.clientCredentialsGrant(rp, { scope: 'api:read' })).rejects.toMatchObject({ error: 'unauthorized_client', status: 400 })
    await expect(client.clientCredentialsGrant(rp, { scope: 'api:read' })).resolves.toHaveProperty('access_token')
  })
})

describe('faults are no state', () => {
  test('dump() shows none; load() and reset() leave them armed (only clearFaults or their count disarms them)', async () => {
    op.failNext('jwks', { status: 500 }, { times: 2 })
    const state = op.dump()
    expect(JSON.stringify(state)).not.toContain('jwks')
    op.load(state)
    expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(500)
    op.reset()
    expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(500)
    expect((await fetch(endpointUrl(op, 'jwks'))).status).toBe(200)
  })
})

describe('invalid faults throw a ConfigurationError naming the field', () => {
  test.each([
    ['tokn', { error: 'x' }, {}, 'endpoint'],
    ['token', { status: 42 }, {}, 'fault.status'],
    ['token', { error: 'bad"code' }, {}, 'fault.error'],
    ['token', { delay: -1 }, {}, 'fault.delay'],
    ['token', { networkError: 'yes' }, {}, 'fault.networkError'],
    ['token', { idToken: { signature: 'weak' } }, {}, 'fault.idToken.signature'],
    ['token', { status: 500, delay: 1 }, {}, 'fault'],
    ['token', { status: 500 }, { times: 0 }, 'options.times'],
    ['token', { status: 500 }, { where: { client_id: 1 } }, 'options.where.client_id'],
  ])('%s %j %j → %s', (endpoint, fault, options, field) => {
    // Plain data from a message or a JSON body: the types do not hold.
    const call = () => op.failNext(endpoint as 'token', fault as never, options as never)
    expect(call).toThrow(expect.objectContaining({ name: 'ConfigurationError', field }))
  })
})
