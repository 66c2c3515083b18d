/**
 * The authorization endpoint: RFC 6749 §4.1.1–4.1.2, OpenID Connect Core §3.1.2, RFC 7636 (PKCE),
 * RFC 9207 (iss), OAuth 2.0 Multiple Response Types / Form Post response modes. Automatic login.
 */
import { SignJWT } from 'jose'
import { beforeEach, describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import {
  authorize,
  authParams,
  claimsOf,
  codeFlow,
  createOp,
  endpointUrl,
  expectErrorPage,
  expectNothingStored,
  formAction,
  frozenClock,
  getCode,
  ISSUER,
  pkce,
  POST_LOGOUT_URI,
  redeem,
  REDIRECT_URI,
  RP,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type FormInput,
} from './_helpers.js'

const op = createOp({ clock: frozenClock() })
const msw = useMsw(op)

async function idToken(extra: FormInput = {}, client = WEB): Promise<Record<string, unknown>> {
  const tokens = await codeFlow(op, client, extra)
  return claimsOf(tokens.id_token!)
}

describe('successful responses', () => {
  test('GET, response_mode query: 302 to the redirect URI with code, state, iss and session_state only', async () => {
    const result = await authorize(op, authParams(WEB, { state: 'st-1' }))
    expect(result.status).toBe(302)
    expect(`${result.location!.origin}${result.location!.pathname}`).toBe(REDIRECT_URI)
    expect([...result.params.keys()].sort()).toEqual(['code', 'iss', 'session_state', 'state'])
    expect(result.params.get('state')).toBe('st-1')
    expect(result.params.get('iss')).toBe(ISSUER)
    expect(result.response.headers.get('cache-control')).toBe('no-store')
  })

  test('POST (Core §3.1.2.1) works the same, answered with 303 (RFC 9700 §4.12: never 307)', async () => {
    const result = await authorize(op, authParams(WEB, { state: 'st-post' }), { method: 'POST' })
    expect(result.status).toBe(303)
    expect(result.params.get('code')).toBeTypeOf('string')
    expect(result.params.get('state')).toBe('st-post')
    expect(result.params.get('iss')).toBe(ISSUER)
  })

  test('response_mode=fragment puts the response in the fragment', async () => {
    const result = await authorize(op, authParams(WEB, { response_mode: 'fragment', state: 'st-frag' }))
    expect(result.status).toBe(302)
    expect(result.location!.search).toBe('')
    const fragment = new URLSearchParams(result.location!.hash.slice(1))
    expect(fragment.get('code')).toBeTypeOf('string')
    expect(fragment.get('state')).toBe('st-frag')
    expect(fragment.get('iss')).toBe(ISSUER)
  })

  test('response_mode=form_post answers with an auto-submitting form to the redirect URI', async () => {
    const result = await authorize(op, authParams(WEB, { response_mode: 'form_post', state: 'st-form' }))
    expect(result.status).toBe(200)
    expect(result.response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(formAction(result.html!)).toBe(REDIRECT_URI)
    expect(result.params.get('code')).toBeTypeOf('string')
    expect(result.params.get('state')).toBe('st-form')
    expect(result.params.get('iss')).toBe(ISSUER)
    const code = result.params.get('code')!
    const response = await redeem(op, WEB, { code, state: 'st-form', redirect_uri: REDIRECT_URI, params: result.params })
    expect(response.status).toBe(200)
  })

  test('state comes back byte for byte in every response mode, whatever it holds', async () => {
    const state = 'a b&c=d#e+f/%20é"<x>\''
    for (const response_mode of ['query', 'fragment', 'form_post']) {
      const result = await authorize(op, authParams(WEB, { state, response_mode }))
      expect(result.params.get('state'), response_mode).toBe(state)
      const error = await authorize(op, authParams(WEB, { state, response_mode, response_type: 'token' }))
      expect(error.params.get('state'), response_mode).toBe(state)
    }
  })

  test('without state, the response has none', async () => {
    const result = await authorize(op, authParams(WEB, { state: undefined }))
    expect(result.params.get('code')).toBeTypeOf('string')
    expect(result.params.has('state')).toBe(false)
  })

  test('unknown parameters are ignored (RFC 6749 §3.1)', async () => {
    const result = await authorize(op, authParams(WEB, { foo: 'bar', display: 'popup', ui_locales: 'de', claims_locales: 'fr', registration: '{}' }))
    expect(result.params.get('code')).toBeTypeOf('string')
  })

  test('an unknown parameter is ignored even when repeated; known ones may not repeat', async () => {
    expect((await authorize(op, authParams(WEB, { utm_source: ['a', 'b'] }))).params.get('code')).toBeTypeOf('string')
  })

  test('a registered redirect URI keeps its query; the response parameters are added to it (RFC 6749 §3.1.2)', async () => {
    op.addClient({ ...WEB, client_id: 'tenant', redirect_uris: [`${RP}/cb?tenant=a`] })
    const result = await authorize(op, authParams({ client_id: 'tenant', redirect_uris: [`${RP}/cb?tenant=a`] }))
    expect(result.location!.searchParams.get('tenant')).toBe('a')
    expect(result.params.get('code')).toBeTypeOf('string')
    expect(result.params.get('iss')).toBe(ISSUER)
  })

  test('essential claims the user does not have are left out, without an error (Core §5.5.1)', async () => {
    const claims = JSON.stringify({ id_token: { nickname: { essential: true }, email: { essential: true } } })
    const id = await idToken({ claims, login_hint: 'alice' })
    expect(id).not.toHaveProperty('nickname')
    expect(id.email).toBe('alice@example.com')
  })

  test('parameters sent without a value are treated as absent (RFC 6749 §3.1)', async () => {
    const result = await authorize(op, authParams(WEB, { nonce: '', prompt: '', state: 'st-empty' }))
    expect(result.params.get('code')).toBeTypeOf('string')
    const tokens = await (await redeem(op, WEB, { code: result.params.get('code')!, state: 'st-empty', redirect_uri: REDIRECT_URI, params: result.params })).json()
    expect(claimsOf(tokens.id_token)).not.toHaveProperty('nonce')
  })

  test('a native client may use any port of a loopback redirect URI (RFC 8252 §7.3), a web client may not', async () => {
    op.addClient({ client_id: 'native', application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/cb'] })
    const { challenge } = await pkce()
    const native = await authorize(op, { ...authParams({ client_id: 'native', redirect_uris: ['http://127.0.0.1:51004/cb'] }), code_challenge: challenge, code_challenge_method: 'S256' })
    expect(native.location!.href).toMatch(/^http:\/\/127\.0\.0\.1:51004\/cb\?code=/)
    op.addClient({ client_id: 'loopweb', client_secret: 'x', redirect_uris: ['http://127.0.0.1/cb'] })
    await expectErrorPage(await authorize(op, authParams({ client_id: 'loopweb', redirect_uris: ['http://127.0.0.1:51004/cb'] })), 400)
  })
})

describe('errors before the client and redirect URI are trusted: an HTML page, 400, never a redirect', () => {
  const cases: [string, FormInput][] = [
    ['missing client_id', authParams(WEB, { client_id: undefined })],
    ['unknown client', authParams(WEB, { client_id: 'nobody' })],
    ['unregistered redirect_uri', authParams(WEB, { redirect_uri: 'https://evil.example/cb' })],
    ['redirect_uri with a trailing slash', authParams(WEB, { redirect_uri: `${REDIRECT_URI}/` })],
    ['redirect_uri with an extra query', authParams(WEB, { redirect_uri: `${REDIRECT_URI}?next=/` })],
    ['redirect_uri with a fragment', authParams(WEB, { redirect_uri: `${REDIRECT_URI}#x` })],
    ['redirect_uri over http', authParams(WEB, { redirect_uri: REDIRECT_URI.replace('https:', 'http:') })],
    ['redirect_uri on another port', authParams(WEB, { redirect_uri: REDIRECT_URI.replace('.test/', '.test:8443/') })],
    ['redirect_uri of another client', authParams(WEB, { redirect_uri: SPA.redirect_uris![0] })],
    ['missing redirect_uri in an OpenID request (Core §3.1.2.1)', authParams(WEB, { redirect_uri: undefined })],
    ['repeated client_id', authParams(WEB, { client_id: ['web', 'web'] })],
    ['repeated redirect_uri', authParams(WEB, { redirect_uri: [REDIRECT_URI, 'https://evil.example/cb'] })],
  ]
  test.each(cases)('%s', async (_name, params) => {
    await expectNothingStored(op, async () => {
      const result = await authorize(op, params)
      await expectErrorPage(result, 400)
    })
  })

  test('unknown client shows invalid_client; the page escapes what it echoes', async () => {
    const result = await authorize(op, authParams(WEB, { client_id: '<script>x</script>' }))
    const html = await expectErrorPage(result, 400, 'invalid_client')
    expect(html).not.toContain('<script>x</script>')
  })

  test('the same through POST, and a POST body that is not a form', async () => {
    await expectErrorPage(await authorize(op, authParams(WEB, { client_id: 'nobody' }), { method: 'POST' }), 400)
    const response = await fetch(endpointUrl(op, 'authorization'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    await expectErrorPage(response, 400)
  })

  test('a method other than GET or POST is 405', async () => {
    const response = await fetch(endpointUrl(op, 'authorization'), { method: 'PUT' })
    expect(response.status).toBe(405)
    expect(response.headers.get('location')).toBeNull()
  })

  test('without redirect_uri, a plain OAuth request with one registered URI uses it (RFC 6749 §3.1.2.3)', async () => {
    const result = await authorize(op, authParams(WEB, { redirect_uri: undefined, scope: 'profile' }))
    expect(result.location!.href.startsWith(`${REDIRECT_URI}?`)).toBe(true)
    const code = result.params.get('code')!
    // ...and then the token request must not send one either way it differs.
    const response = await tokenRequest(op, WEB, { grant_type: 'authorization_code', code })
    expect(response.status).toBe(200)
  })
})

describe('errors once the redirect URI is trusted: redirect with error, state and iss; nothing stored', () => {
  const ACCESS_TOKEN_TYP_HINT = 'access-token'
  const cases: [string, FormInput, string][] = [
    ['missing response_type', { response_type: undefined }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['response_type=code id_token, not registered by the client', { response_type: 'code id_token', nonce: 'n' }, 'unauthorized_client'],
    ['missing scope', { scope: undefined }, 'invalid_scope'],
    ['only unknown scopes', { scope: 'unknown other' }, 'invalid_scope'],
    ['repeated state', { state: ['st-rep', 'st-rep2'] }, 'invalid_request'],
    ['repeated scope', { scope: ['openid', 'openid email'] }, 'invalid_request'],
    ['repeated nonce', { nonce: ['a', 'b'] }, 'invalid_request'],
    ['prompt=none with another value', { prompt: 'none login' }, 'invalid_request'],
    ['an unknown prompt value', { prompt: 'bogus' }, 'invalid_request'],
    ['max_age not a number', { max_age: 'soon' }, 'invalid_request'],
    ['a negative max_age', { max_age: '-1' }, 'invalid_request'],
    ['claims not JSON', { claims: '{not json' }, 'invalid_request'],
    ['claims not an object', { claims: '["email"]' }, 'invalid_request'],
    ['claims member neither null nor object', { claims: '{"id_token":{"email":true}}' }, 'invalid_request'],
    // Request objects (issue 11) answer before the redirect URI is known: test/node/request-objects.test.ts.
    ['an unknown response_mode', { response_mode: 'web_message' }, 'invalid_request'],
    ['code_challenge_method=plain when only S256 is configured', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
    ['code_challenge without a method (plain by default, not configured)', { code_challenge: 'a'.repeat(43) }, 'invalid_request'],
    ['an unknown code_challenge_method', { code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }, 'invalid_request'],
    ['a code_challenge too short', { code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
    ['code_challenge_method without code_challenge', { code_challenge_method: 'S256' }, 'invalid_request'],
    ['a malformed id_token_hint', { id_token_hint: 'not.a.jwt' }, 'invalid_request'],
    ['an id_token_hint that is not a JWT at all', { id_token_hint: 'garbage' }, 'invalid_request'],
    ['an access token as id_token_hint', { id_token_hint: ACCESS_TOKEN_TYP_HINT }, 'invalid_request'],
  ]
  test.each(cases)('%s → %s', async (_name, extra, error) => {
    if (extra.id_token_hint === ACCESS_TOKEN_TYP_HINT) extra = { ...extra, id_token_hint: (await codeFlow(op, WEB)).access_token }
    await expectNothingStored(op, async () => {
      const result = await authorize(op, authParams(WEB, { state: 'st-err', ...extra }))
      expect(result.status).toBe(302)
      expect(`${result.location!.origin}${result.location!.pathname}`).toBe(REDIRECT_URI)
      expect(result.params.get('error')).toBe(error)
      expect(result.params.get('error_description')).toBeTypeOf('string')
      expect(result.params.get('iss')).toBe(ISSUER)
      expect(result.params.getAll('state')).toEqual([Array.isArray(extra.state) ? extra.state[0] : 'st-err'])
      expect(result.params.has('code')).toBe(false)
    })
  })

  test('an id_token_hint signed with another key, or issued to another client', async () => {
    const forged = await new SignJWT({ sub: 'alice', aud: 'web' })
      .setProtectedHeader({ alg: 'ES256', kid: 'whatever' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await crypto.subtle.importKey('jwk', CLIENT_KEYS.ES256 as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']))
    const spaToken = (await codeFlow(op, SPA)).id_token!
    for (const hint of [forged, spaToken]) {
      await expectNothingStored(op, async () => {
        const result = await authorize(op, authParams(WEB, { id_token_hint: hint, state: 'st-h' }))
        expect(result.params.get('error')).toBe('invalid_request')
        expect(result.params.get('state')).toBe('st-h')
      })
    }
  })

  test('a public client without PKCE (RFC 9700 §2.1.1)', async () => {
    await expectNothingStored(op, async () => {
      const result = await authorize(op, authParams(SPA, { state: 'st-spa' }))
      expect(result.params.get('error')).toBe('invalid_request')
      expect(result.params.get('iss')).toBe(ISSUER)
      expect(result.params.get('state')).toBe('st-spa')
    })
  })

  test('a client not registered for the code response type: unauthorized_client', async () => {
    op.addClient({ client_id: 'cc-with-uri', client_secret: 'x', grant_types: ['client_credentials'], redirect_uris: [`${RP}/cc`] })
    await expectNothingStored(op, async () => {
      const result = await authorize(op, authParams({ client_id: 'cc-with-uri', redirect_uris: [`${RP}/cc`] }))
      expect(result.params.get('error')).toBe('unauthorized_client')
    })
  })

  test('a scope outside the client’s registered scope: invalid_scope', async () => {
    op.addClient({ client_id: 'narrow', client_secret: 'x', redirect_uris: [`${RP}/narrow`], scope: 'openid profile' })
    await expectNothingStored(op, async () => {
      const result = await authorize(op, authParams({ client_id: 'narrow', redirect_uris: [`${RP}/narrow`] }, { scope: 'openid email' }))
      expect(result.params.get('error')).toBe('invalid_scope')
    })
  })

  test('errors follow the response mode: fragment, and form_post', async () => {
    const fragment = await authorize(op, authParams(WEB, { response_type: 'token', response_mode: 'fragment', state: 'st-f' }))
    const params = new URLSearchParams(fragment.location!.hash.slice(1))
    expect(params.get('error')).toBe('unsupported_response_type')
    expect(params.get('state')).toBe('st-f')
    expect(params.get('iss')).toBe(ISSUER)
    const posted = await authorize(op, authParams(WEB, { response_type: 'token', response_mode: 'form_post', state: 'st-p' }))
    expect(formAction(posted.html!)).toBe(REDIRECT_URI)
    expect(posted.params.get('error')).toBe('unsupported_response_type')
    expect(posted.params.get('iss')).toBe(ISSUER)
  })

  test('a POST request is redirected with 303 on error too', async () => {
    const result = await authorize(op, authParams(WEB, { response_type: 'token' }), { method: 'POST' })
    expect(result.status).toBe(303)
    expect(result.params.get('error')).toBe('unsupported_response_type')
  })
})

describe('PKCE (RFC 7636)', () => {
  test('S256 binds the code to the verifier', async () => {
    const tokens = await codeFlow(op, SPA)
    expect(tokens.access_token).toBeTypeOf('string')
  })

  test('plain is accepted only when configured; then it is also the default method', async () => {
    const plain = createOp({ issuer: 'https://plain.example.test', pkce: { methods: ['S256', 'plain'] } })
    msw.use(...plain.handlers)
    const { verifier } = await pkce()
    for (const extra of [{ code_challenge_method: 'plain' }, {}]) {
      const got = await getCode(plain, SPA, { code_challenge: verifier, ...extra }, false)
      expect((await redeem(plain, SPA, { ...got, verifier: 'x'.repeat(43) })).status).toBe(400)
      const again = await getCode(plain, SPA, { code_challenge: verifier, ...extra }, false)
      expect((await redeem(plain, SPA, { ...again, verifier })).status).toBe(200)
    }
  })

  test("pkce.required: 'all' asks it of confidential clients; 'never' of nobody", async () => {
    const all = createOp({ issuer: 'https://pkce-all.example.test', pkce: { required: 'all' } })
    const never = createOp({ issuer: 'https://pkce-never.example.test', pkce: { required: 'never' } })
    msw.use(...all.handlers, ...never.handlers)
    expect((await authorize(all, authParams(WEB))).params.get('error')).toBe('invalid_request')
    expect((await authorize(never, authParams(SPA))).params.get('code')).toBeTypeOf('string')
  })
})

describe('OpenID Connect request parameters', () => {
  beforeEach(() => {
    op.reset()
    op.clock.reset()
  })

  test('nonce goes into the ID token when sent, and only then', async () => {
    expect((await idToken({ nonce: 'n-0S6_WzA2Mj' })).nonce).toBe('n-0S6_WzA2Mj')
    expect(await idToken()).not.toHaveProperty('nonce')
  })

  test('the first login is the first user; login_hint picks a user by sub or e-mail', async () => {
    expect((await idToken()).sub).toBe('alice')
    expect((await idToken({ login_hint: 'bob' })).sub).toBe('bob')
    expect((await idToken({ login_hint: 'alice@example.com' })).sub).toBe('alice')
  })

  test('an existing session is reused (same sid) until another user is hinted', async () => {
    const first = await idToken()
    const second = await idToken()
    expect(second.sid).toBe(first.sid)
    expect(second.auth_time).toBe(first.auth_time)
    const bob = await idToken({ login_hint: 'bob' })
    expect(bob.sub).toBe('bob')
    expect(bob.sid).not.toBe(first.sid)
  })

  test('prompt=login re-authenticates: a new session and a new auth_time', async () => {
    const first = await idToken()
    op.clock.advance(10)
    const again = await idToken({ prompt: 'login' })
    expect(again.sub).toBe('alice')
    expect(again.sid).not.toBe(first.sid)
    expect(again.auth_time).toBe((first.auth_time as number) + 10)
  })

  test('max_age: auth_time is present; an older login is re-authenticated, a recent one kept', async () => {
    const first = await idToken({ max_age: '300' })
    expect(first.auth_time).toBeTypeOf('number')
    op.clock.advance(100)
    expect((await idToken({ max_age: '300' })).sid).toBe(first.sid)
    op.clock.advance(250)
    const later = await idToken({ max_age: '300' })
    expect(later.sid).not.toBe(first.sid)
    expect(later.auth_time).toBe((first.auth_time as number) + 350)
  })

  test('max_age=0 is prompt=login (Core §3.1.2.1)', async () => {
    const first = await idToken()
    const again = await idToken({ max_age: '0' })
    expect(again.sid).not.toBe(first.sid)
  })

  test("the client's default_max_age applies when the request has no max_age", async () => {
    op.addClient({ ...WEB, client_id: 'strict', default_max_age: 60 })
    const strict = { ...WEB, client_id: 'strict' }
    const first = await idToken({}, strict)
    op.clock.advance(61)
    expect((await idToken({}, strict)).sid).not.toBe(first.sid)
  })

  test('id_token_hint names the user: another user is logged in instead of the current one', async () => {
    const bobToken = (await codeFlow(op, WEB, { login_hint: 'bob' })).id_token!
    await idToken({ login_hint: 'alice' })
    const hinted = await idToken({ id_token_hint: bobToken })
    expect(hinted.sub).toBe('bob')
  })

  test('an expired id_token_hint is still a hint', async () => {
    const hint = (await codeFlow(op, WEB)).id_token!
    op.clock.advance(2 * 3600)
    expect((await authorize(op, authParams(WEB, { id_token_hint: hint }))).params.get('code')).toBeTypeOf('string')
  })

  test('acr_values is answered with acr (any value when none is configured)', async () => {
    expect(await idToken()).not.toHaveProperty('acr')
    expect((await idToken({ acr_values: 'urn:example:loa:2 urn:example:loa:3' })).acr).toBe('urn:example:loa:2')
  })

  test('without a session, a login_hint naming nobody is access_denied (automatic login has nobody to log in)', async () => {
    await expectNothingStored(op, async () => {
      const result = await authorize(op, authParams(WEB, { login_hint: 'nobody@example.com', state: 'st-lh' }))
      expect(result.params.get('error')).toBe('access_denied')
      expect(result.params.get('state')).toBe('st-lh')
    })
  })

  test('with acr_values_supported configured, the first supported value is answered', async () => {
    const acr = createOp({ issuer: 'https://acr.example.test', acrValues: ['urn:example:gold', 'urn:example:silver'] })
    msw.use(...acr.handlers)
    const tokens = await codeFlow(acr, WEB, { acr_values: 'urn:example:bronze urn:example:silver' })
    expect(claimsOf(tokens.id_token!).acr).toBe('urn:example:silver')
  })

  test('claims parameter: essential ID token claims are in the ID token, UserInfo claims in UserInfo', async () => {
    const claims = JSON.stringify({
      id_token: { email: { essential: true }, acr: { essential: true, values: ['urn:example:mfa'] } },
      userinfo: { phone_number: null, address: { essential: true } },
    })
    const tokens = await codeFlow(op, WEB, { scope: 'openid', claims })
    const id = claimsOf(tokens.id_token!)
    expect(id.email).toBe('alice@example.com')
    expect(id.acr).toBe('urn:example:mfa')
    expect(id).not.toHaveProperty('name')
    const info = await (await userinfo(op, tokens.access_token)).json()
    expect(info).toEqual({ sub: 'alice', phone_number: '+1 555 0100', address: expect.objectContaining({ locality: 'Springfield' }) })
  })

  test('claims parameter: sub with a value logs that user in', async () => {
    const tokens = await codeFlow(op, WEB, { claims: JSON.stringify({ id_token: { sub: { value: 'bob' } } }) })
    expect(claimsOf(tokens.id_token!).sub).toBe('bob')
  })

  test('id_token_hint and a claims sub that disagree are invalid_request', async () => {
    const hint = (await codeFlow(op, WEB)).id_token!
    const result = await authorize(op, authParams(WEB, { id_token_hint: hint, claims: JSON.stringify({ id_token: { sub: { value: 'bob' } } }) }))
    expect(result.params.get('error')).toBe('invalid_request')
  })

  test('the ID token verifies against the JWKS, with iss, aud, exp, iat, auth_time', async () => {
    const tokens = await codeFlow(op, WEB, { nonce: 'n1' })
    const { payload } = await verifyWithJwks(op, tokens.id_token!, { audience: 'web' })
    expect(payload).toMatchObject({ iss: ISSUER, aud: 'web', sub: 'alice', nonce: 'n1' })
    for (const claim of ['exp', 'iat', 'auth_time']) expect(payload[claim]).toBeTypeOf('number')
  })
})

describe('SSO session: prompt=none', () => {
  beforeEach(() => {
    op.reset()
    op.clock.reset()
  })

  async function promptNone(extra: FormInput = {}) {
    return authorize(op, authParams(WEB, { prompt: 'none', state: 'st-none', ...extra }))
  }

  test('before any login: login_required, with state and iss, nothing stored', async () => {
    await expectNothingStored(op, async () => {
      const result = await promptNone()
      expect(result.params.get('error')).toBe('login_required')
      expect(result.params.get('state')).toBe('st-none')
      expect(result.params.get('iss')).toBe(ISSUER)
    })
  })

  test('after a first login it answers with a code of the same session', async () => {
    const first = await idToken()
    const result = await promptNone({ state: 'st-2' })
    expect(result.params.get('code')).toBeTypeOf('string')
    expect(result.params.get('state')).toBe('st-2')
    const tokens = await (await redeem(op, WEB, { code: result.params.get('code')!, state: 'st-2', redirect_uri: REDIRECT_URI, params: result.params })).json()
    expect(claimsOf(tokens.id_token).sid).toBe(first.sid)
  })

  test('with an id_token_hint of the logged-in user: a code', async () => {
    const hint = (await codeFlow(op, WEB)).id_token!
    expect((await promptNone({ id_token_hint: hint })).params.get('code')).toBeTypeOf('string')
  })

  test('with an id_token_hint of a user not logged in (any more): login_required', async () => {
    const bobToken = (await codeFlow(op, WEB, { login_hint: 'bob' })).id_token!
    // Several accounts in one user agent (docs/sessions.md): bob's session stays until it ends.
    op.endSession(claimsOf(bobToken).sid as string)
    await idToken({ login_hint: 'alice' })
    expect((await promptNone({ id_token_hint: bobToken })).params.get('error')).toBe('login_required')
    expect((await promptNone({ login_hint: 'bob' })).params.get('error')).toBe('login_required')
  })

  test('after logout at the end_session endpoint: login_required', async () => {
    const tokens = await codeFlow(op, WEB)
    const url = new URL(endpointUrl(op, 'session'))
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI }).toString()
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302)
    expect((await promptNone()).params.get('error')).toBe('login_required')
  })

  test('after op.endSession, and after the session expired: login_required', async () => {
    const { sid } = await idToken()
    expect(op.endSession(sid as string)).toBe(true)
    expect((await promptNone()).params.get('error')).toBe('login_required')
    await idToken()
    op.clock.advance(14 * 24 * 3600 + 1)
    expect((await promptNone()).params.get('error')).toBe('login_required')
  })

  test('prompt=none with max_age passed: login_required', async () => {
    await idToken()
    op.clock.advance(120)
    expect((await promptNone({ max_age: '60' })).params.get('error')).toBe('login_required')
  })
})
