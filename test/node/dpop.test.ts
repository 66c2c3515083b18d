/**
 * DPoP (RFC 9449): proofs at the token endpoint and at UserInfo, every check of §4.3 with the error
 * and status the RFC gives (and nothing stored), token binding (§5, §6), dpop_jkt (§10), nonces
 * (§8, §9), introspection (§6.2). The client libraries' own DPoP flows are in their test files.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import * as openid from 'openid-client'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import {
  authorize,
  authParams,
  base64url,
  claimsOf,
  clientPost,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  getCode,
  introspect,
  pkce,
  postForm,
  randomState,
  SERVICE,
  SPA,
  stored,
  useMsw,
  WEB,
  type CodeResult,
  type TestClient,
  type Tokens,
} from './_helpers.js'

/** A public client that registered dpop_bound_access_tokens (RFC 9449 §5.2). */
const BOUND_SPA: TestClient = { ...SPA, client_id: 'bound-spa', dpop_bound_access_tokens: true }

/** The OPs' clock stands still during a test, so that iat arithmetic is exact. */
let time = Date.now()
const clock = () => time
const op = createOp({ clients: [WEB, SPA, SERVICE, BOUND_SPA], clock })
const nonceOp = createOp({ issuer: 'https://nonce.example.test', clients: [WEB, SPA, SERVICE], dpop: { nonce: 'required' }, clock })
const opaqueOp = createOp({ issuer: 'https://opaque.example.test', accessToken: { format: 'opaque' }, clock })
useMsw(op, nonceOp, opaqueOp)
const TOKEN = endpointUrl(op, 'token')
const USERINFO = endpointUrl(op, 'userinfo')

beforeEach(() => {
  time = Date.now()
  for (const server of [op, nonceOp, opaqueOp]) server.reset()
})
afterEach(() => {
  for (const server of [op, nonceOp, opaqueOp]) server.clock.reset()
})

// Keys and proofs ----------------------------------------------------------------------------------

interface DPoPKey {
  alg: string
  privateKey: CryptoKey
  jwk: JWK
  jkt: string
}

async function es256Key(): Promise<DPoPKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = await exportJWK(publicKey)
  return { alg: 'ES256', privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) }
}

/** An RS256 key from the fixed test keys (no RSA key generation). */
async function rs256Key(): Promise<DPoPKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...jwk } = CLIENT_KEYS.RS256
  return { alg: 'RS256', privateKey: (await importJWK(CLIENT_KEYS.RS256, 'RS256')) as CryptoKey, jwk, jkt: await calculateJwkThumbprint(jwk) }
}

interface ProofOptions {
  htm?: string
  iat?: number
  jti?: string
  nonce?: string
  /** The access token the proof goes with (`ath`). */
  accessToken?: string
  /** Header parameters over the defaults (typ, alg, jwk). */
  header?: Record<string, unknown>
  /** Claims over the defaults; `undefined` removes one. */
  claims?: Record<string, unknown>
  /** The key that signs, when not the one named in the jwk header. */
  signWith?: CryptoKey
}

/** A DPoP proof for `url`, by `key`, at the time of `server`'s clock unless said. */
async function proof(key: DPoPKey, url: string, options: ProofOptions = {}, server = op): Promise<string> {
  const claims: Record<string, unknown> = {
    jti: randomState(),
    htm: options.htm ?? 'POST',
    htu: url,
    iat: options.iat ?? server.clock.now(),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
    ...(options.accessToken !== undefined ? { ath: base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(options.accessToken)))) } : {}),
    ...options.claims,
  }
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name]
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk, ...options.header } as never)
    .sign(options.signWith ?? key.privateKey)
}

/** A JWS put together by hand, for what jose would not sign. */
function rawJws(header: object, claims: object, signature = ''): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part(header)}.${part(claims)}.${signature}`
}

// Requests -----------------------------------------------------------------------------------------

function tokenPost(client: TestClient, body: Record<string, string | undefined>, dpop?: string, server = op): Promise<Response> {
  return clientPost(server, 'token', client, body, dpop ? { dpop } : {})
}

function clientCredentials(dpop?: string, server = op): Promise<Response> {
  return tokenPost(SERVICE, { grant_type: 'client_credentials', scope: 'api:read' }, dpop, server)
}

function redeemWith(got: CodeResult, client: TestClient, dpop?: string, server = op): Promise<Response> {
  return tokenPost(client, { grant_type: 'authorization_code', code: got.code, redirect_uri: got.redirect_uri, code_verifier: got.verifier }, dpop, server)
}

async function json(response: Response): Promise<Tokens> {
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as Tokens
}

/** A code flow of the public client with a DPoP proof of `key` at the token endpoint. */
async function dpopLogin(key: DPoPKey, client: TestClient = SPA, extra: Record<string, string> = {}, server = op): Promise<Tokens> {
  const got = await getCode(server, client, { scope: 'openid email offline_access', ...extra })
  return json(await redeemWith(got, client, await proof(key, endpointUrl(server, 'token'), {}, server), server))
}

function userinfoDPoP(token: string, dpop: string | undefined, server = op): Promise<Response> {
  return fetch(endpointUrl(server, 'userinfo'), { headers: { authorization: `DPoP ${token}`, ...(dpop ? { dpop } : {}) } })
}

/** Asserts a 401/400 from UserInfo with the error in the challenge of `scheme`, and the DPoP challenge's algs. */
async function expectChallenge(response: Response, status: number, scheme: 'DPoP' | 'Bearer', error: string): Promise<string> {
  expect(response.status).toBe(status)
  const header = response.headers.get('www-authenticate')!
  expect(header.startsWith(`${scheme} `), header).toBe(true)
  const errorIn = new RegExp(`${scheme} (realm="[^"]*", )?error="${error}"`)
  expect(header).toMatch(errorIn)
  expect(header).toMatch(/DPoP (.*, )?algs="[^"]*\bES256\b[^"]*"/)
  expect((await response.json()).error).toBe(error)
  return header
}

// ------------------------------------------------------------------------------------------------

describe('binding at the token endpoint (§5, §6)', () => {
  test('a code flow with a proof: token_type DPoP, cnf.jkt in the JWT access token and its record, a bound refresh token', async () => {
    const key = await es256Key()
    const tokens = await dpopLogin(key)
    expect(tokens.token_type).toBe('DPoP')
    expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt: key.jkt })
    const records = Object.values(op.dump().tokens)
    expect(records.find((r) => r.kind === 'access_token')!.cnf).toEqual({ jkt: key.jkt })
    expect(records.find((r) => r.kind === 'refresh_token')!.cnf).toEqual({ jkt: key.jkt })
  })

  test('an RS256 proof works as well as ES256', async () => {
    const key = await rs256Key()
    expect(claimsOf((await dpopLogin(key)).access_token).cnf).toEqual({ jkt: key.jkt })
  })

  test('without a proof nothing is bound: Bearer, no cnf', async () => {
    const got = await getCode(op, SPA, { scope: 'openid offline_access' })
    const tokens = await json(await redeemWith(got, SPA))
    expect(tokens.token_type).toBe('Bearer')
    expect(claimsOf(tokens.access_token).cnf).toBeUndefined()
    expect(Object.values(op.dump().tokens).every((r) => r.cnf === undefined)).toBe(true)
  })

  test("a confidential client's access token is bound, its refresh token is not (§5)", async () => {
    const key = await es256Key()
    const got = await getCode(op, WEB, { scope: 'openid offline_access' })
    const tokens = await json(await redeemWith(got, WEB, await proof(key, TOKEN)))
    expect(tokens.token_type).toBe('DPoP')
    expect(Object.values(op.dump().tokens).find((r) => r.kind === 'refresh_token')!.cnf).toBeUndefined()
    // Its refresh needs no proof, and without one gives a Bearer token.
    const refreshed = await json(await tokenPost(WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))
    expect(refreshed.token_type).toBe('Bearer')
  })

  test('client_credentials with a proof; opaque access tokens keep the binding in their record', async () => {
    const key = await es256Key()
    const tokens = await json(await clientCredentials(await proof(key, TOKEN)))
    expect(tokens.token_type).toBe('DPoP')
    expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt: key.jkt })
    const opaque = await dpopLogin(key, SPA, {}, opaqueOp)
    expect(opaque.access_token.split('.')).toHaveLength(1)
    expect(Object.values(opaqueOp.dump().tokens).find((r) => r.kind === 'access_token')!.cnf).toEqual({ jkt: key.jkt })
    expect((await userinfoDPoP(opaque.access_token, await proof(key, endpointUrl(opaqueOp, 'userinfo'), { htm: 'GET', accessToken: opaque.access_token }, opaqueOp), opaqueOp)).status).toBe(200)
  })

  test('the metadata lists dpop_signing_alg_values_supported: asymmetric algorithms only', async () => {
    const metadata = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()
    expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256', 'PS256', 'EdDSA']))
    expect(metadata.dpop_signing_alg_values_supported.some((alg: string) => alg === 'none' || alg.startsWith('HS'))).toBe(false)
  })
})

describe('refresh tokens of public clients are bound to the key (§5)', () => {
  test('a refresh with a proof of the same key: a new bound refresh token and a bound access token', async () => {
    const key = await es256Key()
    const tokens = await dpopLogin(key)
    const refreshed = await json(await tokenPost(SPA, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, await proof(key, TOKEN)))
    expect(refreshed.token_type).toBe('DPoP')
    expect(claimsOf(refreshed.access_token).cnf).toEqual({ jkt: key.jkt })
    const records = Object.values(op.dump().tokens).filter((r) => r.kind === 'refresh_token' && r.rotated_at === undefined)
    expect(records.map((r) => r.cnf)).toEqual([{ jkt: key.jkt }])
  })

  test('a proof of another key: 400 invalid_grant; no proof: 400 invalid_request; nothing stored', async () => {
    const key = await es256Key()
    const tokens = await dpopLogin(key)
    const other = await es256Key()
    const body = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }
    await expectNothingStored(op, async () => {
      await expectOAuthError(await tokenPost(SPA, body, await proof(other, TOKEN)), 400, 'invalid_grant')
      await expectOAuthError(await tokenPost(SPA, body), 400, 'invalid_request')
    })
    // The refresh token is still good with its key.
    expect((await tokenPost(SPA, body, await proof(key, TOKEN))).status).toBe(200)
  })

  test('an unbound refresh token of a public client becomes bound when refreshed with a proof', async () => {
    const got = await getCode(op, SPA, { scope: 'openid offline_access' })
    const plain = await json(await redeemWith(got, SPA))
    const key = await es256Key()
    const refreshed = await json(await tokenPost(SPA, { grant_type: 'refresh_token', refresh_token: plain.refresh_token }, await proof(key, TOKEN)))
    await expectOAuthError(await tokenPost(SPA, { grant_type: 'refresh_token', refresh_token: refreshed.refresh_token }), 400, 'invalid_request')
  })
})

describe('dpop_jkt binds the code (§10)', () => {
  test('the token request must prove that key: another key is 400 invalid_grant, none 400 invalid_request, nothing stored; then the right key works', async () => {
    const key = await es256Key()
    const got = await getCode(op, SPA, { dpop_jkt: key.jkt })
    expect(Object.values(op.dump().codes)[0]!.dpop_jkt).toBe(key.jkt)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await redeemWith(got, SPA, await proof(await es256Key(), TOKEN)), 400, 'invalid_grant')
      await expectOAuthError(await redeemWith(got, SPA), 400, 'invalid_request')
    })
    const tokens = await json(await redeemWith(got, SPA, await proof(key, TOKEN)))
    expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt: key.jkt })
  })

  test('a dpop_jkt that is not a thumbprint: invalid_request back to the client; repeated: invalid_request', async () => {
    for (const dpop_jkt of ['short', `${'a'.repeat(42)}=`, ['A'.repeat(43), 'B'.repeat(43)]]) {
      await expectNothingStored(op, async () => {
        const result = await authorize(op, authParams(WEB, { dpop_jkt }))
        expect(result.status).toBe(302)
        expect(result.params.get('error')).toBe('invalid_request')
      })
    }
  })
})

describe('pushed authorization requests with DPoP (§10.1)', () => {
  const PAR = endpointUrl(op, 'pushed_authorization')

  /** Pushes a code request of the public client, with `dpop` as its DPoP header; returns the answer and the PKCE verifier. */
  async function push(dpop: string | undefined, extra: Record<string, string> = {}): Promise<{ response: Response; verifier: string }> {
    const pair = await pkce()
    const params = { client_id: SPA.client_id, redirect_uri: SPA.redirect_uris![0], response_type: 'code', scope: 'openid', code_challenge: pair.challenge, code_challenge_method: 'S256', ...extra }
    return { response: await postForm(PAR, params, dpop ? { dpop } : {}), verifier: pair.verifier }
  }

  /** Uses a request_uri at the authorization endpoint. */
  async function codeOf(response: Response, verifier: string): Promise<CodeResult> {
    expect(response.status).toBe(201)
    const { request_uri } = (await response.json()) as { request_uri: string }
    const result = await authorize(op, { client_id: SPA.client_id, request_uri })
    return { code: result.params.get('code')!, state: undefined, verifier, redirect_uri: SPA.redirect_uris![0]!, params: result.params }
  }

  test('a proof at the PAR endpoint binds the code to its key, as dpop_jkt would', async () => {
    const key = await es256Key()
    const { response, verifier } = await push(await proof(key, PAR))
    const got = await codeOf(response, verifier)
    expect(Object.values(op.dump().codes)[0]!.dpop_jkt).toBe(key.jkt)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await redeemWith(got, SPA, await proof(await es256Key(), TOKEN)), 400, 'invalid_grant')
      await expectOAuthError(await redeemWith(got, SPA), 400, 'invalid_request')
    })
    expect((await json(await redeemWith(got, SPA, await proof(key, TOKEN)))).token_type).toBe('DPoP')
  })

  test('dpop_jkt and a proof of another key: 400 invalid_request; an invalid proof: 400 invalid_dpop_proof; nothing stored', async () => {
    const key = await es256Key()
    await expectNothingStored(op, async () => {
      await expectOAuthError((await push(await proof(key, PAR), { dpop_jkt: (await es256Key()).jkt })).response, 400, 'invalid_request')
      await expectOAuthError((await push(await proof(key, TOKEN))).response, 400, 'invalid_dpop_proof')
    })
    const same = await push(await proof(key, PAR), { dpop_jkt: key.jkt })
    expect(same.response.status).toBe(201)
  })

  test('dpop_jkt alone, pushed: the code is bound', async () => {
    const key = await es256Key()
    const { response, verifier } = await push(undefined, { dpop_jkt: key.jkt })
    const got = await codeOf(response, verifier)
    await expectOAuthError(await redeemWith(got, SPA, await proof(await es256Key(), TOKEN)), 400, 'invalid_grant')
  })

  test("openid-client's buildAuthorizationUrlWithPAR with a DPoP handle, at an OP that requires nonces: the retry, then the flow", async () => {
    const statuses: string[] = []
    const unsubscribe = nonceOp.subscribe((event) => statuses.push(`${event.endpoint} ${event.status}`))
    try {
      const config = await openid.discovery(new URL(nonceOp.issuer), 'spa', undefined, openid.None())
      const DPoP = openid.getDPoPHandle(config, await openid.randomDPoPKeyPair('ES256'))
      const pkceCodeVerifier = openid.randomPKCECodeVerifier()
      const url = await openid.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: SPA.redirect_uris![0]!,
        scope: 'openid',
        code_challenge: await openid.calculatePKCECodeChallenge(pkceCodeVerifier),
        code_challenge_method: 'S256',
        state: 'st',
      }, { DPoP })
      const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
      expect(Object.values(nonceOp.dump().codes)[0]!.dpop_jkt).toMatch(/^[\w-]{43}$/)
      const tokens = await openid.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState: 'st' }, undefined, { DPoP })
      expect(tokens.token_type).toBe('dpop')
      expect(statuses.filter((s) => /^(pushed_authorization|token) /.test(s))).toEqual(['pushed_authorization 400', 'pushed_authorization 201', 'token 200'])
    } finally {
      unsubscribe()
    }
  })
})

describe('dpop_bound_access_tokens (§5.2)', () => {
  test('a token request of such a client without a proof: 400 invalid_request, nothing stored; with one it works', async () => {
    const got = await getCode(op, BOUND_SPA)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await redeemWith(got, BOUND_SPA), 400, 'invalid_request')
    })
    expect((await json(await redeemWith(got, BOUND_SPA, await proof(await es256Key(), TOKEN)))).token_type).toBe('DPoP')
  })

  test('registration takes and returns it, and refuses what is not a boolean', async () => {
    const registration = endpointUrl(op, 'registration')
    const body = { redirect_uris: ['https://rp.example.test/cb'], token_endpoint_auth_method: 'none', dpop_bound_access_tokens: true }
    const registered = await fetch(registration, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(registered.status).toBe(201)
    expect((await registered.json()).dpop_bound_access_tokens).toBe(true)
    const bad = await fetch(registration, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, dpop_bound_access_tokens: 'yes' }) })
    await expectOAuthError(bad, 400, 'invalid_client_metadata')
  })
})

describe('every check of §4.3 at the token endpoint: 400 invalid_dpop_proof, nothing stored', () => {
  const cases: [string, RegExp, (key: DPoPKey) => Promise<string>][] = [
    ['not a JWT', /well-formed JWT/, async () => 'not-a-jwt'],
    ['a JWT that is not JSON', /well-formed JWT/, async () => 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln'],
    ['typ jwt', /typ/, (key) => proof(key, TOKEN, { header: { typ: 'JWT' } })],
    ['no typ', /typ/, (key) => proof(key, TOKEN, { header: { typ: undefined } })],
    ['alg none', /asymmetric/, async (key) => rawJws({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk }, { jti: randomState(), htm: 'POST', htu: TOKEN, iat: op.clock.now() })],
    ['a symmetric alg (HS256)', /asymmetric/, async () => {
      const secret = crypto.getRandomValues(new Uint8Array(32))
      const claims = { jti: randomState(), htm: 'POST', htu: TOKEN, iat: op.clock.now() }
      return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: base64url(secret) } } as never).sign(secret)
    }],
    ['an asymmetric alg the OP does not support (ES256K)', /not supported/, async (key) => rawJws({ alg: 'ES256K', typ: 'dpop+jwt', jwk: key.jwk }, { jti: randomState(), htm: 'POST', htu: TOKEN, iat: op.clock.now() }, 'c2ln')],
    ['no jwk', /jwk header must be a JWK/, (key) => proof(key, TOKEN, { header: { jwk: undefined } })],
    ['a jwk with the private key', /private key/, async (key) => proof(key, TOKEN, { header: { jwk: { ...key.jwk, ...(await exportJWK(key.privateKey)) } } })],
    ['a jwk that does not fit alg', /not a public key for ES256/, async (key) => proof(key, TOKEN, { header: { jwk: (await rs256Key()).jwk } })],
    ['a signature by another key', /signature does not verify/, async (key) => proof(key, TOKEN, { signWith: (await es256Key()).privateKey })],
    ['an empty signature', /signature does not verify/, async (key) => rawJws({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk }, { jti: randomState(), htm: 'POST', htu: TOKEN, iat: op.clock.now() })],
    ['no jti', /jti/, (key) => proof(key, TOKEN, { claims: { jti: undefined } })],
    ['no htm', /htm/, (key) => proof(key, TOKEN, { claims: { htm: undefined } })],
    ['no htu', /htu/, (key) => proof(key, TOKEN, { claims: { htu: undefined } })],
    ['no iat', /iat/, (key) => proof(key, TOKEN, { claims: { iat: undefined } })],
    ['htm GET', /htm/, (key) => proof(key, TOKEN, { htm: 'GET' })],
    ['htm post (methods are case-sensitive)', /htm/, (key) => proof(key, TOKEN, { htm: 'post' })],
    ['htu of another endpoint', /htu/, (key) => proof(key, USERINFO)],
    ['htu of another origin', /htu/, (key) => proof(key, 'https://other.example.test/token')],
    ['iat 301 s old', /too old/, (key) => proof(key, TOKEN, { iat: op.clock.now() - 301 })],
    ['iat 61 s ahead', /future/, (key) => proof(key, TOKEN, { iat: op.clock.now() + 61 })],
    ['an exp in the past', /expired/, (key) => proof(key, TOKEN, { claims: { exp: op.clock.now() - 10 } })],
    ['a nonce that is not a string', /nonce/, (key) => proof(key, TOKEN, { claims: { nonce: 42 } })],
  ]
  test.each(cases)('%s', async (_name, description, make) => {
    const dpop = await make(await es256Key())
    await expectNothingStored(op, async () => {
      const { error_description } = await expectOAuthError(await clientCredentials(dpop), 400, 'invalid_dpop_proof')
      expect(error_description).toMatch(description)
    })
  })

  test('two DPoP headers', async () => {
    const key = await es256Key()
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('web:s3cret')}` })
    headers.append('dpop', await proof(key, TOKEN))
    headers.append('dpop', await proof(key, TOKEN))
    await expectNothingStored(op, async () => {
      const response = await fetch(TOKEN, { method: 'POST', headers, body: 'grant_type=refresh_token&refresh_token=x' })
      const { error_description } = await expectOAuthError(response, 400, 'invalid_dpop_proof')
      expect(error_description).toMatch(/more than one DPoP header/)
    })
  })

  test('a replayed proof: the first request uses it, the second is refused and stores nothing', async () => {
    const dpop = await proof(await es256Key(), TOKEN)
    await json(await clientCredentials(dpop))
    expect(Object.keys(op.dump().dpop_jtis)).toHaveLength(1)
    await expectNothingStored(op, async () => {
      const { error_description } = await expectOAuthError(await clientCredentials(dpop), 400, 'invalid_dpop_proof')
      expect(error_description).toMatch(/used before/)
    })
  })

  test('a refused request does not use up its proof', async () => {
    const key = await es256Key()
    const got = await getCode(op, SPA, { dpop_jkt: key.jkt })
    const dpop = await proof(key, TOKEN)
    await expectOAuthError(await tokenPost(SPA, { grant_type: 'authorization_code', code: got.code, redirect_uri: got.redirect_uri }), 400, 'invalid_grant')
    expect(op.dump().dpop_jtis).toEqual({})
    expect((await redeemWith(got, SPA, dpop)).status).toBe(200)
  })

  test('what the checks accept: htu with a query and fragment, typ application/dpop+jwt, iat 300 s old and 60 s ahead', async () => {
    const key = await es256Key()
    const now = op.clock.now()
    for (const dpop of [
      await proof(key, `${TOKEN}?x=1#f`),
      await proof(key, TOKEN.replace('https://op.example.test', 'HTTPS://OP.EXAMPLE.TEST:443')),
      await proof(key, TOKEN, { header: { typ: 'application/dpop+jwt' } }),
      await proof(key, TOKEN, { iat: now - 300 }),
      await proof(key, TOKEN, { iat: now + 60 }),
    ]) {
      expect((await clientCredentials(dpop)).status).toBe(200)
    }
  })

  test('an Ed25519 key signs with EdDSA or Ed25519 (RFC 9864), both published', async () => {
    const { privateKey, publicKey } = await generateKeyPair('Ed25519')
    const jwk = await exportJWK(publicKey)
    for (const alg of ['EdDSA', 'Ed25519']) {
      const tokens = await json(await clientCredentials(await proof({ alg, privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) }, TOKEN)))
      expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt: await calculateJwkThumbprint(jwk) })
    }
    const metadata = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()
    expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['EdDSA', 'Ed25519']))
  })

  test('iat is judged by the OP clock: after op.clock.advance(), a proof made by the wall clock is too old', async () => {
    const key = await es256Key()
    const dpop = await proof(key, TOKEN)
    op.clock.advance(301)
    await expectOAuthError(await clientCredentials(dpop), 400, 'invalid_dpop_proof')
    expect((await clientCredentials(await proof(key, TOKEN))).status).toBe(200)
  })
})

describe('server-provided nonces (§8): dpop.nonce required', () => {
  const NONCE_TOKEN = endpointUrl(nonceOp, 'token')

  async function nonceFrom(response: Response): Promise<string> {
    const nonce = response.headers.get('dpop-nonce')
    expect(nonce).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/)
    return nonce!
  }

  test('no nonce: 400 use_dpop_nonce with a DPoP-Nonce; the retry with it gets tokens and the nonce to use next', async () => {
    const key = await es256Key()
    const challenge = await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp)
    const nonce = await nonceFrom(challenge)
    const { error_description } = await expectOAuthError(challenge, 400, 'use_dpop_nonce')
    expect(error_description).toMatch(/nonce/)
    const ok = await clientCredentials(await proof(key, NONCE_TOKEN, { nonce }, nonceOp), nonceOp)
    expect((await json(ok)).token_type).toBe('DPoP')
    expect(ok.headers.get('dpop-nonce')).toBe(nonce)
    expect(ok.headers.get('cache-control')).toBe('no-store')
  })

  test('missing, unknown and expired nonces are use_dpop_nonce; the challenge stores nothing once a nonce is current', async () => {
    const key = await es256Key()
    const nonce = await nonceFrom(await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp))
    await expectNothingStored(nonceOp, async () => {
      for (const options of [{}, { nonce: 'not-one-of-ours' }]) {
        const response = await clientCredentials(await proof(key, NONCE_TOKEN, options, nonceOp), nonceOp)
        expect(response.headers.get('dpop-nonce')).toBe(nonce)
        await expectOAuthError(response, 400, 'use_dpop_nonce')
      }
    })
    nonceOp.clock.advance(300)
    const expired = await clientCredentials(await proof(key, NONCE_TOKEN, { nonce }, nonceOp), nonceOp)
    await expectOAuthError(expired, 400, 'use_dpop_nonce')
    expect(await nonceFrom(expired)).not.toBe(nonce)
  })

  test('nonces rotate: after half their lifetime a new one is provided, the old one works until it expires', async () => {
    const key = await es256Key()
    const first = await nonceFrom(await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp))
    nonceOp.clock.advance(151)
    const ok = await clientCredentials(await proof(key, NONCE_TOKEN, { nonce: first }, nonceOp), nonceOp)
    expect(ok.status).toBe(200)
    const second = await nonceFrom(ok)
    expect(second).not.toBe(first)
    expect(Object.keys(nonceOp.dump().dpop_nonces).sort()).toEqual([first, second].sort())
    nonceOp.clock.advance(150)
    await expectOAuthError(await clientCredentials(await proof(key, NONCE_TOKEN, { nonce: first }, nonceOp), nonceOp), 400, 'use_dpop_nonce')
    expect((await clientCredentials(await proof(key, NONCE_TOKEN, { nonce: second }, nonceOp), nonceOp)).status).toBe(200)
  })

  test('with a valid nonce, the nonce is the freshness (§4.3 check 11): an iat far off is accepted', async () => {
    const key = await es256Key()
    const nonce = await nonceFrom(await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp))
    const iat = nonceOp.clock.now() - 3600
    expect((await clientCredentials(await proof(key, NONCE_TOKEN, { nonce, iat }, nonceOp), nonceOp)).status).toBe(200)
  })

  test('a request that is not DPoP gets no nonce; the header is readable cross-origin', async () => {
    const plain = await clientCredentials(undefined, nonceOp)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('dpop-nonce')).toBeNull()
    const challenge = await clientPost(nonceOp, 'token', SERVICE, { grant_type: 'client_credentials' }, { dpop: await proof(await es256Key(), NONCE_TOKEN, {}, nonceOp), origin: 'https://rp.example.test' })
    expect(challenge.headers.get('access-control-expose-headers')).toMatch(/DPoP-Nonce/i)
    const preflight = await fetch(NONCE_TOKEN, { method: 'OPTIONS', headers: { origin: 'https://rp.example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, dpop' } })
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/dpop/i)
  })
})

describe('UserInfo, a protected resource (§7)', () => {
  async function bound(): Promise<{ key: DPoPKey; tokens: Tokens }> {
    const key = await es256Key()
    return { key, tokens: await dpopLogin(key) }
  }

  test('Authorization: DPoP with a proof that covers the token (ath): 200, GET and POST', async () => {
    const { key, tokens } = await bound()
    const get = await userinfoDPoP(tokens.access_token, await proof(key, USERINFO, { htm: 'GET', accessToken: tokens.access_token }))
    expect(get.status).toBe(200)
    expect(await get.json()).toEqual({ sub: 'alice', email: 'alice@example.com', email_verified: true })
    expect(get.headers.get('www-authenticate')).toBeNull()
    const post = await fetch(USERINFO, { method: 'POST', headers: { authorization: `dpop ${tokens.access_token}`, dpop: await proof(key, USERINFO, { accessToken: tokens.access_token }) } })
    expect(post.status).toBe(200)
  })

  test('a bound token sent as a Bearer token (header or body): 401 invalid_token (§7.2), nothing stored', async () => {
    const { key, tokens } = await bound()
    await expectNothingStored(op, async () => {
      await expectChallenge(await fetch(USERINFO, { headers: { authorization: `Bearer ${tokens.access_token}` } }), 401, 'Bearer', 'invalid_token')
      // Even with a valid proof beside it.
      const withProof = await fetch(USERINFO, { headers: { authorization: `Bearer ${tokens.access_token}`, dpop: await proof(key, USERINFO, { htm: 'GET', accessToken: tokens.access_token }) } })
      await expectChallenge(withProof, 401, 'Bearer', 'invalid_token')
      await expectChallenge(await postForm(USERINFO, { access_token: tokens.access_token }), 401, 'Bearer', 'invalid_token')
    })
  })

  test('a proof of another key: 401 invalid_token in the DPoP challenge; an unbound token with the DPoP scheme: 401 invalid_token', async () => {
    const { tokens } = await bound()
    const other = await es256Key()
    const plain = await json(await redeemWith(await getCode(op, SPA), SPA))
    await expectNothingStored(op, async () => {
      const header = await expectChallenge(await userinfoDPoP(tokens.access_token, await proof(other, USERINFO, { htm: 'GET', accessToken: tokens.access_token })), 401, 'DPoP', 'invalid_token')
      expect(header).toMatch(/, Bearer realm="/)
      await expectChallenge(await userinfoDPoP(plain.access_token, await proof(other, USERINFO, { htm: 'GET', accessToken: plain.access_token })), 401, 'DPoP', 'invalid_token')
    })
  })

  const invalid: [string, (key: DPoPKey, token: string) => Promise<string>][] = [
    ['no ath', (key) => proof(key, USERINFO, { htm: 'GET' })],
    ['the ath of another token', (key) => proof(key, USERINFO, { htm: 'GET', accessToken: 'another-token' })],
    ['htm POST on a GET', (key, token) => proof(key, USERINFO, { accessToken: token })],
    ['htu of the token endpoint', (key, token) => proof(key, TOKEN, { htm: 'GET', accessToken: token })],
    ['iat 301 s old', (key, token) => proof(key, USERINFO, { htm: 'GET', accessToken: token, iat: op.clock.now() - 301 })],
    ['typ jwt', (key, token) => proof(key, USERINFO, { htm: 'GET', accessToken: token, header: { typ: 'JWT' } })],
    ['a signature by another key', async (key, token) => proof(key, USERINFO, { htm: 'GET', accessToken: token, signWith: (await es256Key()).privateKey })],
  ]
  test.each(invalid)('%s: 401 invalid_dpop_proof in the DPoP challenge, nothing stored', async (_name, make) => {
    const { key, tokens } = await bound()
    const dpop = await make(key, tokens.access_token)
    await expectNothingStored(op, async () => {
      await expectChallenge(await userinfoDPoP(tokens.access_token, dpop), 401, 'DPoP', 'invalid_dpop_proof')
    })
  })

  test('a proof is good for one request: a replay is 401 invalid_dpop_proof', async () => {
    const { key, tokens } = await bound()
    const dpop = await proof(key, USERINFO, { htm: 'GET', accessToken: tokens.access_token })
    expect((await userinfoDPoP(tokens.access_token, dpop)).status).toBe(200)
    await expectNothingStored(op, async () => {
      await expectChallenge(await userinfoDPoP(tokens.access_token, dpop), 401, 'DPoP', 'invalid_dpop_proof')
    })
  })

  test('the DPoP scheme without a DPoP header: 400 invalid_request; no token at all: both challenges, no error (§7.2)', async () => {
    const { tokens } = await bound()
    await expectNothingStored(op, async () => {
      await expectChallenge(await userinfoDPoP(tokens.access_token, undefined), 400, 'DPoP', 'invalid_request')
      const none = await fetch(USERINFO)
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", DPoP algs="[^"]+"$/)
    })
  })

  test('the token in the header and the body: 400 invalid_request in both challenges', async () => {
    const { tokens } = await bound()
    const response = await postForm(USERINFO, { access_token: tokens.access_token }, { authorization: `DPoP ${tokens.access_token}` })
    expect(response.status).toBe(400)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_request", .*DPoP error="invalid_request", .*algs=/)
  })

  test('with nonces required: 401 use_dpop_nonce in a DPoP challenge with DPoP-Nonce (§9); the retry succeeds and gets the next nonce', async () => {
    const key = await es256Key()
    const NONCE_TOKEN = endpointUrl(nonceOp, 'token')
    const NONCE_USERINFO = endpointUrl(nonceOp, 'userinfo')
    const nonce = (await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp)).headers.get('dpop-nonce')!
    const got = await getCode(nonceOp, SPA)
    const tokens = await json(await redeemWith(got, SPA, await proof(key, NONCE_TOKEN, { nonce }, nonceOp), nonceOp))
    await expectNothingStored(nonceOp, async () => {
      const challenge = await userinfoDPoP(tokens.access_token, await proof(key, NONCE_USERINFO, { htm: 'GET', accessToken: tokens.access_token }, nonceOp), nonceOp)
      expect(challenge.headers.get('dpop-nonce')).toBe(nonce)
      await expectChallenge(challenge, 401, 'DPoP', 'use_dpop_nonce')
    })
    const ok = await userinfoDPoP(tokens.access_token, await proof(key, NONCE_USERINFO, { htm: 'GET', accessToken: tokens.access_token, nonce }, nonceOp), nonceOp)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('dpop-nonce')).toBe(nonce)
  })
})

describe('introspection and revocation (§6.2)', () => {
  test('a bound access token introspects with cnf.jkt and token_type DPoP; a bound refresh token with cnf.jkt', async () => {
    const key = await es256Key()
    const tokens = await dpopLogin(key)
    expect(await introspect(op, tokens.access_token)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } })
    const refresh = await introspect(op, tokens.refresh_token!)
    expect(refresh).toMatchObject({ active: true, cnf: { jkt: key.jkt } })
    expect(refresh.token_type).toBeUndefined()
    const plain = await json(await clientCredentials())
    const introspected = await clientPost(op, 'introspection', SERVICE, { token: plain.access_token })
    expect(await introspected.json()).toMatchObject({ active: true, token_type: 'Bearer' })
  })

  test('revocation needs no proof', async () => {
    const key = await es256Key()
    const tokens = await dpopLogin(key)
    expect((await clientPost(op, 'token_revocation', SPA, { token: tokens.refresh_token })).status).toBe(200)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
  })
})

describe('state', () => {
  test('bindings, used proofs and nonces are JSON: they survive dump → JSON → load', async () => {
    const key = await es256Key()
    const NONCE_TOKEN = endpointUrl(nonceOp, 'token')
    const nonce = (await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp)).headers.get('dpop-nonce')!
    const used = await proof(key, NONCE_TOKEN, { nonce }, nonceOp)
    const tokens = await json(await clientCredentials(used, nonceOp))
    const saved = JSON.parse(JSON.stringify(nonceOp.dump()))
    nonceOp.reset()
    nonceOp.load(saved)
    expect(nonceOp.dump()).toEqual(saved)
    await expectOAuthError(await clientCredentials(used, nonceOp), 400, 'invalid_dpop_proof')
    expect((await clientCredentials(await proof(key, NONCE_TOKEN, { nonce }, nonceOp), nonceOp)).status).toBe(200)
    const introspected = await clientPost(nonceOp, 'introspection', SERVICE, { token: tokens.access_token })
    expect(await introspected.json()).toMatchObject({ active: true, cnf: { jkt: key.jkt } })
  })

  test('the sweep collects used proofs and nonces once they would no longer be accepted', async () => {
    const key = await es256Key()
    const NONCE_TOKEN = endpointUrl(nonceOp, 'token')
    const nonce = (await clientCredentials(await proof(key, NONCE_TOKEN, {}, nonceOp), nonceOp)).headers.get('dpop-nonce')!
    await json(await clientCredentials(await proof(key, NONCE_TOKEN, { nonce }, nonceOp), nonceOp))
    await json(await clientCredentials(await proof(key, TOKEN)))
    const sweep = () => {
      for (const server of [op, nonceOp]) server.serverGet('endpoint_context').actions.sweep()
    }
    sweep()
    expect(Object.keys(stored(op).dpop_jtis)).toHaveLength(1)
    expect(Object.keys(stored(nonceOp).dpop_jtis)).toHaveLength(1)
    expect(Object.keys(stored(nonceOp).dpop_nonces)).toEqual([nonce])
    op.clock.advance(301)
    nonceOp.clock.advance(301)
    sweep()
    expect(stored(op).dpop_jtis).toEqual({})
    expect(stored(nonceOp).dpop_jtis).toEqual({})
    expect(stored(nonceOp).dpop_nonces).toEqual({})
  })
})
