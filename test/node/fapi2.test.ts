/**
 * The FAPI 2.0 Security Profile (`profile: 'fapi2'`, issue 17), driven by oauth4webapi as an RP
 * built to the profile would be: PAR, PKCE S256, DPoP and private_key_jwt. Every rule with its bad
 * case; the first describe is the recipe of docs/fapi2.md. And keys published before they sign:
 * an RP that fetched the JWKS once verifies tokens of every advertised algorithm.
 */
import { createRemoteJWKSet, generateKeyPair, importJWK, jwtVerify } from 'jose'
import * as oauth from 'oauth4webapi'
import { beforeAll, describe, expect, test } from 'vitest'
import { ConfigurationError, SIGNING_ALGS, Server, type ServerConfiguration } from '../../src/index.js'
import { buildServer } from '../../src/worker/reconfigure.js'
import { CLIENT_KEYS } from './_keys.js'
import { ALICE, codeFlow, createOp, publicJwk, REDIRECT_URI, useMsw, WEB } from './_helpers.js'

const ISSUER = 'https://fapi.example.test'
const client: oauth.Client = { client_id: 'fapi-rp' }
const FAPI_CLIENT = {
  client_id: 'fapi-rp',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'private_key_jwt' as const,
  // An ES256 key for its assertions, and an RS256 one to show RS256 refused.
  jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'es' }, { ...publicJwk(CLIENT_KEYS.RS256), kid: 'rs' }] },
}
const fapiConfig = (overrides: Partial<ServerConfiguration> = {}): ServerConfiguration => ({
  issuer: ISSUER,
  profile: 'fapi2',
  clients: [FAPI_CLIENT],
  users: [ALICE],
  ...overrides,
})
const op = new Server(fapiConfig())
const msw = useMsw(op)

let as: oauth.AuthorizationServer
let auth: oauth.ClientAuth
let dpop: oauth.DPoPHandle
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
  auth = privateKeyJwt('ES256')
  dpop = oauth.DPoP(client, await generateKeyPair('ES256'))
})

/** private_key_jwt with the client's key of `alg`; `modify` changes the assertion before it is signed. */
function privateKeyJwt(alg: 'ES256' | 'RS256', modify?: oauth.ModifyAssertionFunction): oauth.ClientAuth {
  const key = importJWK(CLIENT_KEYS[alg], alg) as Promise<CryptoKey>
  return async (...args) => oauth.PrivateKeyJwt({ key: await key, kid: alg === 'ES256' ? 'es' : 'rs' }, modify ? { [oauth.modifyAssertion]: modify } : {})(...args)
}

interface PushOptions {
  auth?: oauth.ClientAuth
  dpop?: oauth.DPoPHandle | undefined
  pkce?: boolean
  params?: Record<string, string>
}

/** Pushes an authorization request (RFC 9126); the verifier and state to go on with. */
async function push(options: PushOptions = {}): Promise<{ response: Response; verifier: string; state: string }> {
  const verifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const params = new URLSearchParams({ redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid offline_access', state, ...options.params })
  if (options.pkce !== false) {
    params.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier))
    params.set('code_challenge_method', 'S256')
  }
  const response = await oauth.pushedAuthorizationRequest(as, client, options.auth ?? auth, params, 'dpop' in options ? { DPoP: options.dpop } : { DPoP: dpop })
  return { response, verifier, state }
}

/** PAR, then the authorization endpoint with only `client_id` and `request_uri`; the validated callback. */
async function authorizeByPar(options: PushOptions = {}): Promise<{ callback: URLSearchParams; verifier: string; location: URL }> {
  const { response, verifier, state } = await push(options)
  const { request_uri } = await oauth.processPushedAuthorizationResponse(as, client, response)
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({ client_id: client.client_id, request_uri }).toString()
  const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
  return { callback: oauth.validateAuthResponse(as, client, location, state), verifier, location }
}

/** The token request for a callback, with `proof` (none when undefined). */
function redeemCode(callback: URLSearchParams, verifier: string, proof: oauth.DPoPHandle | undefined, clientAuth = auth): Promise<Response> {
  return oauth.authorizationCodeGrantRequest(as, client, clientAuth, callback, REDIRECT_URI, verifier, proof ? { DPoP: proof } : {})
}

/** The OAuth error of a response oauth4webapi refused. */
async function refusal(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  const thrown = await promise.then(() => undefined, (error: unknown) => error)
  expect(thrown).toBeInstanceOf(oauth.ResponseBodyError)
  const { error, status } = thrown as oauth.ResponseBodyError
  return { error, status }
}

describe('recipe: an RP built to FAPI 2.0, tested with oauth4webapi (docs/fapi2.md)', () => {
  test('PAR + PKCE + private_key_jwt + DPoP: DPoP-bound tokens, a PS256 ID token, iss in the response', async () => {
    const { callback, verifier, location } = await authorizeByPar()
    expect(location.searchParams.get('iss')).toBe(ISSUER)
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await redeemCode(callback, verifier, dpop), { requireIdToken: true })
    expect(tokens.token_type).toBe('dpop')
    expect(oauth.getValidatedIdTokenClaims(tokens)!.sub).toBe(ALICE.sub)
    const header = JSON.parse(atob(tokens.id_token!.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as { alg: string }
    expect(header.alg).toBe('PS256')
    const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, { DPoP: dpop })
    expect((await oauth.processUserInfoResponse(as, client, ALICE.sub, userinfo)).sub).toBe(ALICE.sub)
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, { DPoP: dpop }))
    expect(refreshed.token_type).toBe('dpop')
  })

  test('discovery reflects the profile', () => {
    expect(as.require_pushed_authorization_requests).toBe(true)
    expect(as.response_types_supported).toEqual(['code'])
    expect(as.code_challenge_methods_supported).toEqual(['S256'])
    expect(as.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt'])
    expect(as.authorization_response_iss_parameter_supported).toBe(true)
    for (const member of ['token_endpoint_auth_signing_alg_values_supported', 'id_token_signing_alg_values_supported', 'userinfo_signing_alg_values_supported', 'dpop_signing_alg_values_supported'] as const) {
      expect(as[member], member).toEqual(['PS256', 'ES256', 'EdDSA'])
    }
  })
})

describe('each rule refuses its bad case', () => {
  test('§5.3.2.2 PAR required: a request sent straight to the authorization endpoint gets an error', async () => {
    const url = new URL(as.authorization_endpoint!)
    const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier())
    url.search = new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's', code_challenge: challenge, code_challenge_method: 'S256' }).toString()
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.has('code')).toBe(false)
  })

  test('§5.3.2.2 PKCE required with PAR: a pushed request without code_challenge is refused', async () => {
    const { response } = await push({ pkce: false })
    expect(await refusal(oauth.processPushedAuthorizationResponse(as, client, response))).toEqual({ error: 'invalid_request', status: 400 })
  })

  test('§5.3.2.2 code only: response_type=id_token is refused', async () => {
    const { response } = await push({ params: { response_type: 'id_token', nonce: 'n' } })
    expect(await refusal(oauth.processPushedAuthorizationResponse(as, client, response))).toEqual({ error: 'unsupported_response_type', status: 400 })
  })

  test('§5.3.2.1 sender-constrained tokens: a token request without DPoP is refused', async () => {
    const { callback, verifier } = await authorizeByPar({ dpop: undefined })
    expect(await refusal(oauth.processAuthorizationCodeResponse(as, client, await redeemCode(callback, verifier, undefined)))).toEqual({ error: 'invalid_request', status: 400 })
  })

  test('a proof for another key than the one the code is bound to is refused', async () => {
    const { callback, verifier } = await authorizeByPar()
    const other = oauth.DPoP(client, await generateKeyPair('ES256'))
    expect(await refusal(oauth.processAuthorizationCodeResponse(as, client, await redeemCode(callback, verifier, other)))).toEqual({ error: 'invalid_grant', status: 400 })
  })

  test('refresh tokens are bound to the DPoP key: a refresh with another key is refused', async () => {
    const { callback, verifier } = await authorizeByPar()
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await redeemCode(callback, verifier, dpop))
    const other = oauth.DPoP(client, await generateKeyPair('ES256'))
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, { DPoP: other })
    expect(await refusal(oauth.processRefreshTokenResponse(as, client, response))).toEqual({ error: 'invalid_grant', status: 400 })
  })

  test('§5.3.2.2 codes live at most 60 s: a code used after 61 s is refused', async () => {
    const { callback, verifier } = await authorizeByPar()
    op.serverGet('endpoint_context').clock.advance(61)
    try {
      expect(await refusal(oauth.processAuthorizationCodeResponse(as, client, await redeemCode(callback, verifier, dpop)))).toEqual({ error: 'invalid_grant', status: 400 })
    } finally {
      op.serverGet('endpoint_context').clock.reset()
    }
  })

  test('§5.4 an RS256 client assertion is refused', async () => {
    const { response } = await push({ auth: privateKeyJwt('RS256') })
    expect(await refusal(oauth.processPushedAuthorizationResponse(as, client, response))).toEqual({ error: 'invalid_client', status: 401 })
  })

  test('§5.3.2.1 private_key_jwt only: client_secret_basic is refused', async () => {
    const { response } = await push({ auth: oauth.ClientSecretBasic('a-secret') })
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client')
  })

  test('§5.3.2.1 the assertion aud is the issuer, as a string: an array is refused', async () => {
    const { response } = await push({ auth: privateKeyJwt('ES256', (_header, payload) => void (payload.aud = [ISSUER, as.token_endpoint!])) })
    expect(await refusal(oauth.processPushedAuthorizationResponse(as, client, response))).toEqual({ error: 'invalid_client', status: 401 })
  })

  test('§5.3.2.1 clock skew: an assertion with iat and nbf 9 s ahead is accepted, 30 s ahead refused', async () => {
    const ahead = (seconds: number): oauth.ClientAuth =>
      privateKeyJwt('ES256', (_header, payload) => {
        for (const claim of ['iat', 'nbf', 'exp'] as const) payload[claim] = (payload[claim] as number) + seconds
      })
    const { response } = await push({ auth: ahead(9) })
    expect((await oauth.processPushedAuthorizationResponse(as, client, response)).request_uri).toBeTypeOf('string')
    const far = await push({ auth: ahead(30) })
    expect(await refusal(oauth.processPushedAuthorizationResponse(as, client, far.response))).toEqual({ error: 'invalid_client', status: 401 })
  })
})

describe('clients under the profile', () => {
  const registration = `${ISSUER}/register`
  const register = (metadata: Record<string, unknown>): Promise<Response> =>
    fetch(registration, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT_URI], jwks: FAPI_CLIENT.jwks, ...metadata }) })

  test('registration defaults to private_key_jwt and PS256 ID tokens', async () => {
    const response = await register({})
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt', id_token_signed_response_alg: 'PS256' })
  })

  test.each([
    ['token_endpoint_auth_method', { token_endpoint_auth_method: 'client_secret_basic' }],
    ['token_endpoint_auth_signing_alg', { token_endpoint_auth_signing_alg: 'RS256' }],
    ['id_token_signed_response_alg', { id_token_signed_response_alg: 'RS256' }],
    ['dpop_bound_access_tokens', { dpop_bound_access_tokens: false }],
    ['require_pushed_authorization_requests', { require_pushed_authorization_requests: false }],
  ])('registration refuses metadata contradicting the profile: %s', async (field, metadata) => {
    const response = await register(metadata)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: string; error_description: string }
    expect(body.error).toBe('invalid_client_metadata')
    expect(body.error_description).toContain(field)
  })

  test.each([
    ['clients[0].token_endpoint_auth_method', { clients: [{ ...WEB }] }],
    ['clients[0].id_token_signed_response_alg', { clients: [{ ...FAPI_CLIENT, id_token_signed_response_alg: 'RS256' as const }] }],
    ['ttl.AuthorizationCode', { ttl: { AuthorizationCode: 120 } }],
    ['pkce.required', { pkce: { required: 'public' as const } }],
    ['pkce.methods', { pkce: { methods: ['S256', 'plain'] as ('S256' | 'plain')[] } }],
    ['requirePushedAuthorizationRequests', { requirePushedAuthorizationRequests: false }],
    ['accessToken.signingAlg', { accessToken: { signingAlg: 'RS256' as const } }],
    ['profile', { profile: 'fapi1' as never }],
  ])('a configuration contradicting the profile throws a ConfigurationError naming %s', (field, overrides) => {
    expect(() => new Server(fapiConfig(overrides))).toThrow(ConfigurationError)
    expect(() => new Server(fapiConfig(overrides))).toThrow(field)
  })

  test('the worker builds its OP with the profile, also over the keys of an OP without it (startWorker({ profile }))', async () => {
    const before = new Server({ issuer: 'https://worker.example.test', users: [ALICE] })
    await before.ready()
    const configuration = { issuer: 'https://worker.example.test', profile: 'fapi2' as const, clients: [FAPI_CLIENT], users: [ALICE] }
    const rebuilt = buildServer(configuration, { configuration: { issuer: 'https://worker.example.test', users: [ALICE] }, state: before.dump() })
    const metadata = (await (await rebuilt.handle(new Request('https://worker.example.test/.well-known/openid-configuration'))).json()) as Record<string, unknown>
    expect(metadata).toMatchObject({ require_pushed_authorization_requests: true, token_endpoint_auth_methods_supported: ['private_key_jwt'] })
  })

  test('op.addClient refuses a client_secret_basic client', () => {
    expect(() => op.addClient({ ...WEB, client_id: 'secret-client' })).toThrow('token_endpoint_auth_method')
  })
})

describe('keys published before they sign (issue 17, item 1)', () => {
  test.each<[string, { profile?: 'fapi2' }]>([
    ['a default OP', {}],
    ['a FAPI 2.0 OP', { profile: 'fapi2' }],
  ])('%s: an RP that fetched the JWKS once, before any token, verifies ID tokens of every advertised algorithm', async (_name, options) => {
    const issuer = `https://keys-${options.profile ?? 'default'}.example.test`
    const algs = options.profile ? ['PS256', 'ES256', 'EdDSA'] : [...SIGNING_ALGS]
    const clients = algs.map((alg) => ({ ...(options.profile ? FAPI_CLIENT : WEB), client_id: `alg-${alg}`, id_token_signed_response_alg: alg as never }))
    const keysOp = createOp({ issuer, jwks: undefined, clients, ...options })
    msw.use(...keysOp.handlers)
    let fetches = 0
    const count = ({ request }: { request: Request }) => void (request.url === `${issuer}/jwks` && fetches++)
    msw.events.on('request:start', count)
    try {
      // Fetched at once, before ready(): the JWKS endpoint waits for every key.
      const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`), { cooldownDuration: 3_600_000, cacheMaxAge: 3_600_000 })
      await jwks.reload()
      const advertised = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string[]>
      expect(advertised.id_token_signing_alg_values_supported).toEqual(algs)
      for (const alg of algs) {
        const idToken = options.profile ? await fapiIdToken(keysOp, `alg-${alg}`) : (await codeFlow(keysOp, clients.find((c) => c.client_id === `alg-${alg}`)!)).id_token!
        const { protectedHeader } = await jwtVerify(idToken, jwks, { issuer })
        expect(protectedHeader.alg).toBe(alg)
      }
      expect(fetches).toBe(1)
    } finally {
      msw.events.removeListener('request:start', count)
    }
  })
})

/** A token the FAPI OP signs with the client's ID token algorithm (its flow is the recipe's, above). */
async function fapiIdToken(fapiOp: Server, clientId: string): Promise<string> {
  const context = fapiOp.serverGet('endpoint_context')
  const now = context.clock.now()
  const alg = context.clients.get(clientId)!.id_token_signed_response_alg!
  return context.keyjar.sign({ iss: context.issuer, sub: ALICE.sub, aud: clientId, iat: now, exp: now + 60 }, alg)
}
