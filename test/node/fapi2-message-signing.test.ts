/**
 * FAPI 2.0 Message Signing on the Security Profile (`profile: 'fapi2-message-signing'`, issue 17
 * item 3), driven by oauth4webapi: a signed request object pushed to PAR, a JARM response validated
 * with `validateJwtAuthResponse`, DPoP-bound tokens, a signed introspection response; each rule's
 * bad case refused with nothing stored.
 * @see https://openid.net/specs/fapi-message-signing-2_0.html
 */
import { generateKeyPair, importJWK } from 'jose'
import * as oauth from 'oauth4webapi'
import { beforeAll, describe, expect, test } from 'vitest'
import { Server } from '../../src/index.js'
import { CLIENT_KEYS } from './_keys.js'
import { ALICE, publicJwk, REDIRECT_URI, useMsw } from './_helpers.js'

const ISSUER = 'https://fapi-ms.example.test'
const client: oauth.Client = { client_id: 'fapi-ms-rp' }
const op = new Server({
  issuer: ISSUER,
  profile: 'fapi2-message-signing',
  clients: [{
    client_id: client.client_id,
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'es' }] },
  }],
  users: [ALICE],
})
useMsw(op)

let as: oauth.AuthorizationServer
let auth: oauth.ClientAuth
let key: CryptoKey
let dpop: oauth.DPoPHandle
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
  key = (await importJWK(CLIENT_KEYS.ES256, 'ES256')) as CryptoKey
  auth = oauth.PrivateKeyJwt({ key, kid: 'es' })
  dpop = oauth.DPoP(client, await generateKeyPair('ES256'))
})

/** The authorization request's parameters, as a FAPI 2.0 RP sends them (PKCE, JARM). */
async function parameters(extra: Record<string, string> = {}): Promise<{ params: Record<string, string>; verifier: string; state: string }> {
  const verifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const params = {
    redirect_uri: REDIRECT_URI, response_type: 'code', response_mode: 'jwt', scope: 'openid', state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
  }
  return { params, verifier, state }
}

/** PAR with `body` as its parameters (beside client authentication). */
function push(body: Record<string, string>): Promise<Response> {
  return oauth.pushedAuthorizationRequest(as, client, auth, body, { DPoP: dpop })
}

/** A request object of the client, signed with its ES256 key; `modify` changes its claims before signing. */
function requestObject(params: Record<string, string>, modify?: (header: Record<string, unknown>, payload: Record<string, unknown>) => void): Promise<string> {
  return oauth.issueRequestObject(as, client, params, { key, kid: 'es' }, modify ? { [oauth.modifyAssertion]: modify } : {})
}

/**
 * Runs a refused push: no pushed request, grant, code or token appears. (The client assertion and
 * the DPoP proof were valid and are spent at authentication, as single-use proofs are.)
 */
async function expectNothingStored<T>(_op: Server, action: () => Promise<T>): Promise<T> {
  const parts = () => {
    const { pushed_requests, grants, codes, tokens, sessions } = op.dump()
    return { pushed_requests, grants, codes, tokens, sessions }
  }
  const before = parts()
  const result = await action()
  expect(parts()).toEqual(before)
  return result
}

/** The OAuth error of a refused PAR. */
async function refused(response: Response): Promise<string> {
  expect(response.status).toBe(400)
  return ((await response.json()) as { error: string }).error
}

describe('an RP built to FAPI 2.0 Message Signing, with oauth4webapi', () => {
  test('signed request object at PAR → JARM response → DPoP-bound tokens → a signed introspection response', async () => {
    const { params, verifier, state } = await parameters()
    const pushed = await oauth.processPushedAuthorizationResponse(as, client, await push({ request: await requestObject(params) }))
    const url = new URL(as.authorization_endpoint!)
    url.search = new URLSearchParams({ client_id: client.client_id, request_uri: pushed.request_uri }).toString()
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    // Only `response` comes back: every parameter is inside the signed JWT (FAPI MS §5.4 NOTE).
    expect([...location.searchParams.keys()]).toEqual(['response'])
    const callback = await oauth.validateJwtAuthResponse(as, client, location, state)
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, callback, REDIRECT_URI, verifier, { DPoP: dpop }), { requireIdToken: true })
    expect(tokens.token_type).toBe('dpop')
    const introspection = await oauth.introspectionRequest(as, client, auth, tokens.access_token, { requestJwtResponse: true })
    expect(introspection.headers.get('content-type')).toMatch(/^application\/token-introspection\+jwt/)
    expect(await oauth.processIntrospectionResponse(as, client, introspection)).toMatchObject({ active: true, sub: ALICE.sub })
  })

  test('discovery: signed request objects required, JWT response modes only, signed introspection', () => {
    expect(as.require_signed_request_object).toBe(true)
    expect(as.response_modes_supported).toEqual(['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'])
    expect(as.introspection_signing_alg_values_supported).toEqual(expect.arrayContaining(['PS256', 'ES256']))
    expect(as.require_pushed_authorization_requests).toBe(true)
  })
})

describe('each rule refused, nothing stored', () => {
  test('plain PAR parameters, without a request object', async () => {
    const { params } = await parameters()
    expect(await expectNothingStored(op, async () => refused(await push(params)))).toBe('invalid_request')
  })

  test('a request object without response_mode=jwt (the response would not be signed)', async () => {
    const { params } = await parameters()
    const { response_mode: _mode, ...plain } = params
    expect(await expectNothingStored(op, async () => refused(await push({ request: await requestObject(plain) })))).toBe('invalid_request')
  })

  test('a request object without nbf, one whose nbf is over an hour old, one that lives over an hour', async () => {
    const { params } = await parameters()
    const now = Math.floor(op.clock.now())
    const noNbf = await requestObject(params, (_h, payload) => { delete payload.nbf })
    const oldNbf = await requestObject(params, (_h, payload) => { payload.nbf = now - 3700; payload.iat = now - 3700 })
    const longLived = await requestObject(params, (_h, payload) => { payload.nbf = now; payload.exp = now + 3700 })
    for (const request of [noNbf, oldNbf, longLived]) {
      expect(await expectNothingStored(op, async () => refused(await push({ request })))).toBe('invalid_request_object')
    }
  })

  test('an unsigned request object (alg none)', async () => {
    const { params } = await parameters()
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const now = Math.floor(op.clock.now())
    const unsigned = `${b64({ alg: 'none' })}.${b64({ ...params, iss: client.client_id, aud: ISSUER, client_id: client.client_id, nbf: now, exp: now + 60 })}.`
    expect(['invalid_request', 'invalid_request_object']).toContain(await expectNothingStored(op, async () => refused(await push({ request: unsigned }))))
  })
})
