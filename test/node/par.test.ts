/**
 * Pushed authorization requests (RFC 9126): pushed with client authentication, answered 201 with a
 * one-time `request_uri`, used at the authorization endpoint in place of the parameters.
 */
import * as client from 'openid-client'
import * as oauth from 'oauth4webapi'
import { describe, expect, test } from 'vitest'
import {
  authorize,
  basic,
  clientPost,
  createOp,
  endpointUrl,
  expectErrorPage,
  expectNothingStored,
  expectOAuthError,
  ISSUER,
  pkce,
  postForm,
  REDIRECT_URI,
  redeem,
  SPA,
  useMsw,
  WEB,
  type FormInput,
  type TestClient,
} from './_helpers.js'

const op = createOp()
const strict = createOp({ issuer: 'https://strict.example.test', requirePushedAuthorizationRequests: true })
const noPar = createOp({ issuer: 'https://no-par.example.test', endpoints: { pushed_authorization: { enabled: false } } })
useMsw(op, strict, noPar)

const PAR = endpointUrl(op, 'pushed_authorization')

/** Pushes the usual code request of `client` (PKCE always) and returns the answer and the verifier. */
async function push(client: TestClient, extra: FormInput = {}, server = op) {
  const pair = await pkce()
  const params: FormInput = {
    redirect_uri: client.redirect_uris![0],
    response_type: 'code',
    scope: 'openid profile',
    state: 'pushed-state',
    nonce: 'pushed-nonce',
    code_challenge: pair.challenge,
    code_challenge_method: 'S256',
    ...extra,
  }
  const response = await clientPost(server, 'pushed_authorization', client, params)
  return { response, verifier: pair.verifier, params }
}

async function pushed(client: TestClient, extra: FormInput = {}, server = op): Promise<{ request_uri: string; verifier: string }> {
  const { response, verifier } = await push(client, extra, server)
  expect(response.status).toBe(201)
  return { ...((await response.json()) as { request_uri: string }), verifier }
}

describe('the pushed authorization request endpoint (RFC 9126 §2)', () => {
  test('201 with a request_uri (urn:ietf:params:oauth:request_uri:…) and expires_in, never cached', async () => {
    const { response } = await push(WEB)
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/)
    expect(body.expires_in).toBe(60)
    expect(Object.keys(body).sort()).toEqual(['expires_in', 'request_uri'])
  })

  test('published in the metadata, with require_pushed_authorization_requests; gone when disabled', async () => {
    const meta = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()
    expect(meta).toMatchObject({ pushed_authorization_request_endpoint: `${ISSUER}/par`, require_pushed_authorization_requests: false })
    const strictMeta = await (await fetch('https://strict.example.test/.well-known/openid-configuration')).json()
    expect(strictMeta.require_pushed_authorization_requests).toBe(true)
    const off = await (await fetch('https://no-par.example.test/.well-known/openid-configuration')).json()
    expect(off).not.toHaveProperty('pushed_authorization_request_endpoint')
    expect(off).not.toHaveProperty('require_pushed_authorization_requests')
  })

  test('errors are JSON here, with the status the spec gives; nothing stored', async () => {
    await expectNothingStored(op, async () => {
      // §2.1: client authentication as at the token endpoint
      await expectOAuthError(await postForm(PAR, { client_id: 'web', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI }), 401, 'invalid_client')
      await expectOAuthError((await push({ ...WEB, client_secret: 'wrong' })).response, 401, 'invalid_client')
      // §2.1: request_uri must not be pushed
      await expectOAuthError((await push(WEB, { request_uri: 'urn:ietf:params:oauth:request_uri:x' })).response, 400, 'invalid_request')
      // validated as an authorization request, but answered here: no page, no redirect
      await expectOAuthError((await push(WEB, { redirect_uri: 'https://evil.example/cb' })).response, 400, 'invalid_request')
      await expectOAuthError((await push(WEB, { response_type: undefined })).response, 400, 'invalid_request')
      await expectOAuthError((await push(WEB, { response_type: 'token' })).response, 400, 'unsupported_response_type')
      await expectOAuthError((await push(WEB, { prompt: 'none login' })).response, 400, 'invalid_request')
      await expectOAuthError((await push(SPA, { code_challenge: undefined, code_challenge_method: undefined })).response, 400, 'invalid_request')
      await expectOAuthError((await push(WEB, { scope: ['openid', 'email'] })).response, 400, 'invalid_request')
      await expectOAuthError((await push(WEB, { request: 'e30.e30.' })).response, 400, 'invalid_request_object')
      await expectOAuthError(await fetch(PAR), 405, 'invalid_request')
    })
  })

  test('the client_id of the body must be the client that authenticated', async () => {
    const response = await postForm(PAR, { client_id: 'spa', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI }, basic('web', 's3cret'))
    await expectOAuthError(response, 400, 'invalid_request')
  })
})

describe('the authorization request that uses it (RFC 9126 §4)', () => {
  test('the pushed parameters are the request: a code for the pushed redirect_uri, with its state and iss', async () => {
    const { request_uri, verifier } = await pushed(WEB)
    const result = await authorize(op, { client_id: 'web', request_uri })
    expect(result.status).toBe(302)
    expect(`${result.location!.origin}${result.location!.pathname}`).toBe(REDIRECT_URI)
    expect(result.params.get('state')).toBe('pushed-state')
    expect(result.params.get('iss')).toBe(ISSUER)
    const tokens = await redeem(op, WEB, { code: result.params.get('code')!, state: 'pushed-state', verifier, redirect_uri: REDIRECT_URI, params: result.params })
    expect(tokens.status).toBe(200)
    expect((await tokens.json()).scope).toBe('openid profile')
  })

  test('other query parameters are ignored: the pushed request alone counts', async () => {
    const { request_uri } = await pushed(WEB)
    const result = await authorize(op, { client_id: 'web', request_uri, state: 'from-the-query', redirect_uri: 'https://evil.example/cb', scope: 'openid email' })
    expect(result.location!.origin).toBe('https://rp.example.test')
    expect(result.params.get('state')).toBe('pushed-state')
  })

  test('a request_uri works once, not after it expires, and only for the client that pushed it: an error page, nothing stored', async () => {
    const once = await pushed(WEB)
    expect((await authorize(op, { client_id: 'web', request_uri: once.request_uri })).params.get('code')).toBeTruthy()
    await expectNothingStored(op, async () => {
      await expectErrorPage(await authorize(op, { client_id: 'web', request_uri: once.request_uri }), 400, 'invalid_request_uri')
      await expectErrorPage(await authorize(op, { client_id: 'web', request_uri: 'urn:ietf:params:oauth:request_uri:made-up' }), 400, 'invalid_request_uri')
    })

    const late = await pushed(WEB)
    op.clock.advance(61)
    try {
      await expectErrorPage(await authorize(op, { client_id: 'web', request_uri: late.request_uri }), 400, 'invalid_request_uri')
    } finally {
      op.clock.reset()
    }

    const fresh = await pushed(WEB)
    await expectErrorPage(await authorize(op, { client_id: 'spa', request_uri: fresh.request_uri }), 400, 'invalid_request_uri')
    // The other client's attempt did not spend it.
    expect((await authorize(op, { client_id: 'web', request_uri: fresh.request_uri })).params.get('code')).toBeTruthy()
  })

  test('the request is validated again when used: a redirect URI unregistered since the push gets a page', async () => {
    const moving = createOp({ issuer: 'https://moving.example.test' })
    const local = async (request: Request) => moving.handle(request)
    const pushedHere = await local(
      new Request('https://moving.example.test/par', {
        method: 'POST',
        headers: { ...basic('web', 's3cret'), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI }),
      }),
    )
    const { request_uri } = await pushedHere.json()
    moving.addClient({ ...WEB, redirect_uris: ['https://rp.example.test/elsewhere'] })
    const answer = await local(new Request(`https://moving.example.test/authorize?${new URLSearchParams({ client_id: 'web', request_uri })}`))
    await expectErrorPage(answer, 400, 'invalid_request')
  })

  test('a public client pushes with its client_id alone (and PKCE)', async () => {
    const { request_uri, verifier } = await pushed(SPA)
    const result = await authorize(op, { client_id: 'spa', request_uri })
    const tokens = await redeem(op, SPA, { code: result.params.get('code')!, state: 'pushed-state', verifier, redirect_uri: SPA.redirect_uris![0]!, params: result.params })
    expect(tokens.status).toBe(200)
  })

  test('a request_uri that is not a pushed one is a request object by reference (here unreachable); with PAR disabled, a pushed one is request_uri_not_supported', async () => {
    const result = await authorize(op, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's', request_uri: 'https://rp.example.test/request.jwt' })
    await expectErrorPage(result, 400, 'invalid_request_uri')
    const off = await authorize(noPar, { client_id: 'web', request_uri: 'urn:ietf:params:oauth:request_uri:x' })
    await expectErrorPage(off, 400, 'request_uri_not_supported')
  })
})

describe('requiring PAR (RFC 9126 §5, §6)', () => {
  test('requirePushedAuthorizationRequests: a plain request is refused (redirected invalid_request); a pushed one works', async () => {
    const plain = await authorize(strict, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 'plain' })
    expect(plain.params.get('error')).toBe('invalid_request')
    expect(plain.params.get('state')).toBe('plain')
    expect(plain.params.get('iss')).toBe('https://strict.example.test')
    const { request_uri } = await pushed(WEB, {}, strict)
    expect((await authorize(strict, { client_id: 'web', request_uri })).params.get('code')).toBeTruthy()
  })

  test('per client: require_pushed_authorization_requests metadata', async () => {
    op.addClient({ ...WEB, client_id: 'par-only', require_pushed_authorization_requests: true })
    try {
      const plain = await authorize(op, { client_id: 'par-only', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' })
      expect(plain.params.get('error')).toBe('invalid_request')
      expect((await authorize(op, { client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' })).params.get('code')).toBeTruthy()
    } finally {
      op.removeClient('par-only')
    }
    expect(() => createOp({ clients: [{ ...WEB, require_pushed_authorization_requests: 'yes' as never }] })).toThrow(
      'clients[0].require_pushed_authorization_requests: must be a boolean',
    )
  })
})

describe('independent clients', () => {
  test('oauth4webapi: pushedAuthorizationRequest, then the code flow', async () => {
    const issuer = new URL(ISSUER)
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer))
    const rp: oauth.Client = { client_id: 'web' }
    const auth = oauth.ClientSecretBasic('s3cret')
    const verifier = oauth.generateRandomCodeVerifier()
    const state = oauth.generateRandomState()
    const response = await oauth.pushedAuthorizationRequest(as, rp, auth, {
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })
    const { request_uri, expires_in } = await oauth.processPushedAuthorizationResponse(as, rp, response)
    expect(expires_in).toBe(60)
    const url = new URL(as.authorization_endpoint!)
    url.search = new URLSearchParams({ client_id: 'web', request_uri }).toString()
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const params = oauth.validateAuthResponse(as, rp, location, state)
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      rp,
      await oauth.authorizationCodeGrantRequest(as, rp, auth, params, REDIRECT_URI, verifier),
    )
    expect(oauth.getValidatedIdTokenClaims(tokens)!.sub).toBe('alice')
  })

  test('openid-client: buildAuthorizationUrlWithPAR, then authorizationCodeGrant', async () => {
    const config = await client.discovery(new URL(ISSUER), 'web', undefined, client.ClientSecretBasic('s3cret'))
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const url = await client.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri'])
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state })
    expect(tokens.claims()!.sub).toBe('alice')
  })
})
