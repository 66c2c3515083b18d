/**
 * Request objects (RFC 9101, OIDC Core §6): by value and by reference at the authorization
 * endpoint and at PAR, signed with the client's keys or secret, unsigned only when registered,
 * encrypted to the OP's keys; and every way an object can be wrong.
 */
import { CompactEncrypt, importJWK, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose'
import { delay, http, HttpResponse } from 'msw'
import * as oauth from 'oauth4webapi'
import * as openid from 'openid-client'
import { describe, expect, test } from 'vitest'
import {
  authorize,
  clientPost,
  createOp,
  endpointUrl,
  expectErrorPage,
  expectNothingStored,
  expectOAuthError,
  frozenClock,
  ISSUER,
  pkce,
  publicJwk,
  redeem,
  REDIRECT_URI,
  RP,
  useMsw,
  WEB,
  claimsOf,
  type TestClient,
} from './_helpers.js'
import { CLIENT_KEYS } from './_keys.js'

/** A client that signs its request objects with its own keys (and authenticates with a secret). */
const JAR: TestClient = {
  client_id: 'jar',
  client_secret: 'jar-secret',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code'],
  jwks: { keys: [publicJwk({ ...CLIENT_KEYS.RS256, kid: 'rp-rsa' }), publicJwk({ ...CLIENT_KEYS.ES256, kid: 'rp-ec' })] },
}
const UNSIGNED: TestClient = { ...JAR, client_id: 'unsigned', request_object_signing_alg: 'none' }
const REGISTERED: TestClient = { ...JAR, client_id: 'registered', request_uris: [`${RP}/ro/registered.jwt`] }
const STRICT: TestClient = { ...JAR, client_id: 'strict', require_signed_request_object: true }
const ENCRYPTING: TestClient = { ...JAR, client_id: 'encrypting', request_object_encryption_alg: 'RSA-OAEP-256' }
const REMOTE_KEYS: TestClient = { ...JAR, client_id: 'remote-keys', jwks: undefined, jwks_uri: `${RP}/rp-jwks.json` }

const clients = [WEB, JAR, UNSIGNED, REGISTERED, STRICT, ENCRYPTING, REMOTE_KEYS]
const op = createOp({ clients, requestObjects: { encryption: true, requestUriTimeout: 200, requestUriMaxBytes: 4096 } })
const off = createOp({ issuer: 'https://off.example.test', clients, requestObjects: false })
const msw = useMsw(op, off)

const rsaKey = () => importJWK(CLIENT_KEYS.RS256, 'RS256') as Promise<CryptoKey>

/** The request object of a code request of `client`, signed RS256 (unless `sign` says otherwise). */
async function requestObject(client: TestClient, claims: JWTPayload = {}, sign?: (payload: JWTPayload) => Promise<string>): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const payload: JWTPayload = {
    iss: client.client_id,
    aud: ISSUER,
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    state: 'object-state',
    nonce: 'object-nonce',
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
    ...claims,
  }
  if (sign) return sign(payload)
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'rp-rsa', typ: 'oauth-authz-req+jwt' }).sign(await rsaKey())
}

/** Serves `body` at `url` for this test. */
function serve(url: string, body: string | (() => Promise<Response>)): void {
  msw.use(http.get(url, typeof body === 'string' ? () => new HttpResponse(body, { headers: { 'content-type': 'application/oauth-authz-req+jwt' } }) : body))
}

/** The OP's public encryption key that fits `kty`, from its JWKS. */
async function opEncryptionKey(kty: 'RSA' | 'EC'): Promise<JWK> {
  const { keys } = (await (await fetch(endpointUrl(op, 'jwks'))).json()) as { keys: JWK[] }
  const key = keys.find((k) => k.use === 'enc' && k.kty === kty)
  if (!key) throw new Error(`no ${kty} encryption key`)
  return key
}

async function encryptToOp(jws: string, alg: string, kty: 'RSA' | 'EC', enc = 'A256GCM'): Promise<string> {
  const key = await opEncryptionKey(kty)
  return new CompactEncrypt(new TextEncoder().encode(jws)).setProtectedHeader({ alg, enc, kid: key.kid!, cty: 'JWT' }).encrypt(await importJWK(key, alg))
}

describe('request objects by value and by reference (RFC 9101 §5)', () => {
  test('oauth4webapi issueRequestObject: signed with the client key, its claims make the request; a code and an ID token with its nonce', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    const request = await oauth.issueRequestObject(as, { client_id: JAR.client_id }, {
      redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 'from-oauth4webapi', nonce: 'n-4webapi',
    }, { key: await rsaKey() })
    const result = await authorize(op, { client_id: JAR.client_id, request })
    expect(result.location?.origin + result.location!.pathname).toBe(REDIRECT_URI)
    expect(result.params.get('state')).toBe('from-oauth4webapi')
    const tokens = await (await redeem(op, JAR, { code: result.params.get('code')!, redirect_uri: REDIRECT_URI, state: 'from-oauth4webapi', params: result.params })).json()
    expect(claimsOf(tokens.id_token).nonce).toBe('n-4webapi')
  })

  test('openid-client buildAuthorizationUrlWithJAR, by value and pushed (JAR + PAR): the code grant completes with the nonce', async () => {
    const config = await openid.discovery(new URL(ISSUER), JAR.client_id, undefined, openid.ClientSecretBasic(JAR.client_secret!))
    const key = { key: await importJWK(CLIENT_KEYS.ES256, 'ES256') as CryptoKey, kid: 'rp-ec' }
    for (const pushed of [false, true]) {
      const verifier = openid.randomPKCECodeVerifier()
      const nonce = openid.randomNonce()
      const params = { redirect_uri: REDIRECT_URI, scope: 'openid', state: `jar-${pushed}`, nonce, code_challenge: await openid.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }
      const url = pushed
        ? await openid.buildAuthorizationUrlWithPAR(config, (await openid.buildAuthorizationUrlWithJAR(config, params, key)).searchParams)
        : await openid.buildAuthorizationUrlWithJAR(config, params, key)
      const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
      const tokens = await openid.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: `jar-${pushed}`, idTokenExpected: true })
      expect(tokens.claims()).toMatchObject({ sub: 'alice', aud: JAR.client_id, nonce })
    }
  })

  test('the query parameters are ignored (RFC 9101 §5): state and scope come from the object', async () => {
    const request = await requestObject(JAR)
    const result = await authorize(op, { client_id: JAR.client_id, response_type: 'code', state: 'query-state', scope: 'openid email', request })
    expect(result.params.get('state')).toBe('object-state')
  })

  test('by reference: the OP fetches the request_uri (here a msw handler of the test); ES256 signed', async () => {
    const jwt = await requestObject(JAR, {}, async (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'rp-ec' }).sign(await importJWK(CLIENT_KEYS.ES256, 'ES256')))
    serve(`${RP}/ro/by-reference.jwt`, jwt)
    const result = await authorize(op, { client_id: JAR.client_id, request_uri: `${RP}/ro/by-reference.jwt` })
    expect(result.params.get('code')).toBeTruthy()
    expect(result.params.get('state')).toBe('object-state')
  })

  test('a registered request_uri (with a fragment, Core §6.2) is fetched; another is invalid_request_uri', async () => {
    serve(`${RP}/ro/registered.jwt`, await requestObject(REGISTERED))
    const good = await authorize(op, { client_id: REGISTERED.client_id, request_uri: `${RP}/ro/registered.jwt#abc` })
    expect(good.params.get('code')).toBeTruthy()
    serve(`${RP}/ro/other.jwt`, await requestObject(REGISTERED))
    await expectNothingStored(op, async () => expectErrorPage(await authorize(op, { client_id: REGISTERED.client_id, request_uri: `${RP}/ro/other.jwt` }), 400, 'invalid_request_uri'))
  })

  test("verified with a key of the client's jwks_uri (fetched through the test's handler)", async () => {
    msw.use(http.get(`${RP}/rp-jwks.json`, () => HttpResponse.json(JAR.jwks)))
    expect((await authorize(op, { client_id: REMOTE_KEYS.client_id, request: await requestObject(REMOTE_KEYS) })).params.get('code')).toBeTruthy()
  })

  test('signed with the client secret (HS256)', async () => {
    const request = await requestObject(WEB, {}, (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(WEB.client_secret)))
    expect((await authorize(op, { client_id: WEB.client_id, request })).params.get('code')).toBeTruthy()
  })

  test("unsigned (alg none) only from a client that registered request_object_signing_alg 'none'", async () => {
    const unsigned = (payload: JWTPayload) => Promise.resolve(new UnsecuredJWT(payload).encode())
    expect((await authorize(op, { client_id: UNSIGNED.client_id, request: await requestObject(UNSIGNED, {}, unsigned) })).params.get('code')).toBeTruthy()
    await expectErrorPage(await authorize(op, { client_id: JAR.client_id, request: await requestObject(JAR, {}, unsigned) }), 400, 'invalid_request_object')
  })

  test.each([['RSA-OAEP', 'RSA'], ['RSA-OAEP-256', 'RSA'], ['ECDH-ES', 'EC'], ['ECDH-ES+A128KW', 'EC']] as const)('encrypted to the OP’s %s key (use enc in its JWKS)', async (alg, kty) => {
    const request = await encryptToOp(await requestObject(JAR), alg, kty)
    expect((await authorize(op, { client_id: JAR.client_id, request })).params.get('code')).toBeTruthy()
  })

  test('a client that registered request_object_encryption_alg must encrypt, with that alg', async () => {
    await expectErrorPage(await authorize(op, { client_id: ENCRYPTING.client_id, request: await requestObject(ENCRYPTING) }), 400, 'invalid_request_object')
    const wrongAlg = await encryptToOp(await requestObject(ENCRYPTING), 'RSA-OAEP', 'RSA')
    await expectErrorPage(await authorize(op, { client_id: ENCRYPTING.client_id, request: wrongAlg }), 400, 'invalid_request_object')
    // Core Registration §2: request_object_encryption_enc defaults to A128CBC-HS256.
    await expectErrorPage(await authorize(op, { client_id: ENCRYPTING.client_id, request: await encryptToOp(await requestObject(ENCRYPTING), 'RSA-OAEP-256', 'RSA') }), 400, 'invalid_request_object')
    const right = await encryptToOp(await requestObject(ENCRYPTING), 'RSA-OAEP-256', 'RSA', 'A128CBC-HS256')
    expect((await authorize(op, { client_id: ENCRYPTING.client_id, request: right })).params.get('code')).toBeTruthy()
  })

  test('PAR accepts a request object (RFC 9126 §3); its parameters are the pushed ones', async () => {
    const pair = await pkce()
    const request = await requestObject(JAR, { code_challenge: pair.challenge, code_challenge_method: 'S256', state: 'pushed-object' })
    const pushed = await clientPost(op, 'pushed_authorization', JAR, { request })
    expect(pushed.status).toBe(201)
    const { request_uri } = await pushed.json()
    const result = await authorize(op, { client_id: JAR.client_id, request_uri })
    expect(result.params.get('state')).toBe('pushed-object')
    const tokens = await redeem(op, JAR, { code: result.params.get('code')!, redirect_uri: REDIRECT_URI, state: 'x', verifier: pair.verifier, params: result.params })
    expect(tokens.status).toBe(200)
  })

  test('discovery says what is supported', async () => {
    const md = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()
    expect(md).toMatchObject({ request_parameter_supported: true, request_uri_parameter_supported: true, require_request_uri_registration: false, require_signed_request_object: false })
    expect(md.request_object_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'ES256', 'HS256', 'none']))
    expect(md.request_object_encryption_alg_values_supported).toEqual(['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'])
    expect(md.request_object_encryption_enc_values_supported).toContain('A128CBC-HS256')
    const { keys } = (await (await fetch(endpointUrl(op, 'jwks'))).json()) as { keys: JWK[] }
    const enc = keys.filter((key) => key.use === 'enc')
    expect(enc.map((key) => key.kty).sort()).toEqual(['EC', 'RSA'])
    for (const key of enc) expect(Object.keys(key).filter((member) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(member))).toEqual([])
    const offKeys = (await (await fetch('https://off.example.test/jwks')).json()) as { keys: JWK[] }
    expect(offKeys.keys.filter((key) => key.use === 'enc')).toEqual([])
    const offMd = await (await fetch('https://off.example.test/.well-known/openid-configuration')).json()
    expect(offMd).toMatchObject({ request_parameter_supported: false, request_uri_parameter_supported: false })
  })
})

describe('request objects that are refused: a page with the error, nothing stored', () => {
  const now = () => Math.floor(Date.now() / 1000)
  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    ['a tampered signature', async () => {
      const [h, p, s] = (await requestObject(JAR)).split('.')
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
      return { request: [h, Buffer.from(JSON.stringify({ ...claims, scope: 'openid email' })).toString('base64url'), s].join('.') }
    }, 'invalid_request_object'],
    ['a wrong aud', async () => ({ request: await requestObject(JAR, { aud: 'https://other-op.example.test' }) }), 'invalid_request_object'],
    ['a wrong iss', async () => ({ request: await requestObject(JAR, { iss: 'someone-else' }) }), 'invalid_request_object'],
    ['another client_id inside', async () => ({ request: await requestObject(JAR, { client_id: WEB.client_id }) }), 'invalid_request_object'],
    ['an expired object', async () => ({ request: await requestObject(JAR, { exp: now() - 10 }) }), 'invalid_request_object'],
    ['nbf in the future', async () => ({ request: await requestObject(JAR, { nbf: now() + 600 }) }), 'invalid_request_object'],
    ['iat in the future', async () => ({ request: await requestObject(JAR, { iat: now() + 600 }) }), 'invalid_request_object'],
    ['a request_uri inside', async () => ({ request: await requestObject(JAR, { request_uri: `${RP}/x` }) }), 'invalid_request_object'],
    ['a typ of another JWT', async () => ({ request: await requestObject(JAR, {}, async (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).sign(await rsaKey())) }), 'invalid_request_object'],
    ['not a JWT', async () => ({ request: 'not-a-jwt' }), 'invalid_request_object'],
    ['an HS256 object signed with another secret', async () => ({ request: await requestObject(JAR, {}, (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('wrong'))) }), 'invalid_request_object'],
    ['an object encrypted to an unknown key', async () => {
      const stranger = { ...(await opEncryptionKey('RSA')), kid: 'unknown', n: CLIENT_KEYS.RS256.n }
      return { request: await new CompactEncrypt(new TextEncoder().encode(await requestObject(JAR))).setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A128GCM', kid: 'unknown' }).encrypt(await importJWK(stranger, 'RSA-OAEP')) }
    }, 'invalid_request_object'],
    ['request and request_uri both', async () => ({ request: await requestObject(JAR), request_uri: `${RP}/ro/x.jwt` }), 'invalid_request'],
    ['a request_uri that is not https', async () => ({ request_uri: 'http://rp.example.test/ro.jwt' }), 'invalid_request_uri'],
  ]
  test.each(cases)('%s', async (_, params, error) => {
    const sent = await params()
    await expectNothingStored(op, async () => expectErrorPage(await authorize(op, { client_id: JAR.client_id, ...sent }), 400, error))
  })

  test('at PAR, a bad object is JSON 400 invalid_request_object; a replayed one too; nothing stored', async () => {
    const tampered = (await requestObject(JAR)).slice(0, -4) + 'AAAA'
    await expectNothingStored(op, async () => expectOAuthError(await clientPost(op, 'pushed_authorization', JAR, { request: tampered }), 400, 'invalid_request_object'))
    await expectNothingStored(op, async () => expectOAuthError(await clientPost(op, 'pushed_authorization', JAR, { request: await requestObject(JAR, { aud: 'https://elsewhere.example.test' }) }), 400, 'invalid_request_object'))
    const once = await requestObject(JAR, { jti: 'pushed-once' })
    expect((await clientPost(op, 'pushed_authorization', JAR, { request: once })).status).toBe(201)
    await expectOAuthError(await clientPost(op, 'pushed_authorization', JAR, { request: once }), 400, 'invalid_request_object')
  })

  test('a replayed jti: the second use is refused', async () => {
    const request = await requestObject(JAR, { jti: 'once' })
    expect((await authorize(op, { client_id: JAR.client_id, request })).params.get('code')).toBeTruthy()
    await expectErrorPage(await authorize(op, { client_id: JAR.client_id, request }), 400, 'invalid_request_object')
  })

  test('a request_uri that 404s, answers too much, or too slowly: invalid_request_uri', async () => {
    msw.use(
      http.get(`${RP}/ro/missing.jwt`, () => new HttpResponse('gone', { status: 404 })),
      http.get(`${RP}/ro/huge.jwt`, () => new HttpResponse('x'.repeat(5000))),
      http.get(`${RP}/ro/slow.jwt`, async () => {
        await delay(2000)
        return new HttpResponse(await requestObject(JAR))
      }),
    )
    for (const name of ['missing', 'huge', 'slow']) {
      const page = await expectErrorPage(await authorize(op, { client_id: JAR.client_id, request_uri: `${RP}/ro/${name}.jwt` }), 400, 'invalid_request_uri')
      expect(page).toContain(`${RP}/ro/${name}.jwt`)
    }
  })

  test('require_signed_request_object: a plain request goes back to the client with invalid_request', async () => {
    const plain = await authorize(op, { client_id: STRICT.client_id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's' })
    expect(plain.params.get('error')).toBe('invalid_request')
    expect((await authorize(op, { client_id: STRICT.client_id, request: await requestObject(STRICT) })).params.get('code')).toBeTruthy()
    // POSTed (RFC 9101 §5.1 allows either), and pushed with a signed object first.
    expect((await authorize(op, { client_id: STRICT.client_id, request: await requestObject(STRICT) }, { method: 'POST' })).params.get('code')).toBeTruthy()
    const pushedObject = await clientPost(op, 'pushed_authorization', STRICT, { request: await requestObject(STRICT) })
    const viaPar = await authorize(op, { client_id: STRICT.client_id, request_uri: (await pushedObject.json()).request_uri }, { method: 'POST' })
    expect(viaPar.params.get('code')).toBeTruthy()
    const pushed = await clientPost(op, 'pushed_authorization', STRICT, { redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' })
    await expectOAuthError(pushed, 400, 'invalid_request')
  })

  test('requestObjects: false answers request_not_supported and request_uri_not_supported', async () => {
    const offUrl = (params: Record<string, string>) => fetch(`https://off.example.test/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' })
    const byValue = await offUrl({ client_id: JAR.client_id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', request: await requestObject(JAR) })
    expect(new URL(byValue.headers.get('location')!).searchParams.get('error')).toBe('request_not_supported')
    const byRef = await offUrl({ client_id: JAR.client_id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', request_uri: `${RP}/ro/x.jwt` })
    expect(new URL(byRef.headers.get('location')!).searchParams.get('error')).toBe('request_uri_not_supported')
  })

  test('a clock moved past exp refuses the object by the OP clock', async () => {
    const timed = createOp({ issuer: 'https://timed.example.test', clients, clock: frozenClock(Date.now() + 3_600_000) })
    msw.use(...timed.handlers)
    const url = `https://timed.example.test/authorize?${new URLSearchParams({ client_id: JAR.client_id, request: await requestObject(JAR, { aud: 'https://timed.example.test' }) })}`
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400)
  })
})
